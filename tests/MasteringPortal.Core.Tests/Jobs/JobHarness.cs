using MasteringPortal.Core.Changes;
using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Core.Tests.Jobs;

/// <summary>
/// The job machinery against a real database and a <see cref="LocalFileStore"/> in a temp folder. Hangfire is
/// replaced by <see cref="RecordingJobClient"/>, which keeps what was enqueued so a test runs it through the
/// real <see cref="JobRunner"/> the way a Hangfire worker would (also twice, or never, to act out a crash).
/// </summary>
public sealed class JobHarness : IDisposable
{
    public JobHarness(TestDatabase database)
    {
        Root = Directory.CreateTempSubdirectory("mp-jobs-").FullName;
        Store = new LocalFileStore(Path.Combine(Root, "files"));
        Factory = new ContextFactory(database);
        Feed = new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance);
        Notifications = new JobNotifications(Feed, TimeProvider.System);
        Options = new JobRunnerOptions(Path.Combine(Store.Root, "jobs"), TimeSpan.FromMilliseconds(20));
    }

    /// <summary>The job updates of one project, as they arrive on the change feed.</summary>
    public IDisposable SubscribeJobs(Guid projectId, Func<JobUpdate, Task> handler) =>
        Feed.Subscribe(projectId, change => change.Job is { } update ? handler(update) : Task.CompletedTask);

    public string Root { get; }
    public LocalFileStore Store { get; }
    public ContextFactory Factory { get; }
    public RecordingJobClient Hangfire { get; } = new();
    public InProcessProjectChangeFeed Feed { get; }
    public JobNotifications Notifications { get; }
    public JobCancellations Cancellations { get; } = new();
    public JobRunnerOptions Options { get; set; }

    /// <summary>Off unless a test is about the platform copies: each render would otherwise encode three times more.</summary>
    public PlatformCopies.Options PlatformCopies { get; set; } = new(Enabled: false);

    /// <summary>The ffmpeg on PATH, resolved once as the portal does from its configuration.</summary>
    public AudioTools Tools { get; } = AudioTools.FromPath();

    /// <summary>A new PortalJobs, as a request scope would get it.</summary>
    public PortalJobs Jobs() => new(Factory, Hangfire, Notifications, Cancellations, TimeProvider.System, NullLogger<PortalJobs>.Instance);

    /// <summary>A new runner, as a Hangfire job's scope would get it.</summary>
    public JobRunner Runner(Microsoft.Extensions.Logging.ILogger<JobRunner>? logger = null) => new(Factory, Store, Notifications, Cancellations,
        TimeProvider.System, Options, new AnalysisJob(Factory, Tools, Store),
        new RenderJob(Factory, Store, Tools, new UploadedMasterJob(Factory, Store, Tools, PlatformCopies, Jobs()), PlatformCopies, Jobs()),
        new MatchJob(Factory, Tools, Store), new AlbumJob(Factory, Tools, Store), new PlatformsJob(Factory, Store, Tools),
        logger ?? NullLogger<JobRunner>.Instance);

    public JobRecovery Recovery() => new(Factory, Jobs(), Runner(), Notifications, TimeProvider.System, NullLogger<JobRecovery>.Instance);

    /// <summary>Runs what Hangfire holds, in order, until nothing is left.</summary>
    public async Task DrainAsync(CancellationToken shutdown = default)
    {
        while (Hangfire.TryTake(out var enqueued)) await Runner().RunAsync(enqueued.PortalJobId, shutdown);
    }

    /// <summary>
    /// A new studio (<see cref="StudioSeed"/>) and the one track of its project A, through the test's own context (whose
    /// creation skips the test when its database is not available).
    /// </summary>
    public static async Task<(Guid ProjectId, Guid TrackId)> SeedTrackAsync(PortalDbContext db)
    {
        var seed = await StudioSeed.CreateAsync(db);
        var track = await db.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
        return (seed.ProjectA.Id, track.Id);
    }

    /// <summary>A chain that solves for <paramref name="targetLufs"/> under the default limiter, as saved on a revision.</summary>
    public static string TargetSettings(double targetLufs) =>
        new MasteringPortal.Audio.Render.RenderSettings { Loudness = new MasteringPortal.Audio.Render.LoudnessTarget { CustomLufs = targetLufs } }.ToJson();

    /// <summary>Puts a WAV into the store and attaches it to the track as its current mix.</summary>
    public Task<FileAsset> AddMixAsync(Guid trackId, string wavPath) => AddFileAsync(trackId, wavPath, FileAssetKind.Mix, "mix.wav");

    /// <summary>Puts a WAV into the store as one of the project's reference files (not on a brief: the job reads files by id).</summary>
    public Task<FileAsset> AddReferenceAsync(Guid trackId, string wavPath) =>
        AddFileAsync(trackId, wavPath, FileAssetKind.Reference, Path.GetFileName(wavPath));

    async Task<FileAsset> AddFileAsync(Guid trackId, string wavPath, FileAssetKind kind, string name)
    {
        StoredFile stored;
        await using (var content = File.OpenRead(wavPath)) stored = await Store.PutAsync(content);
        await using var db = Factory.CreateDbContext();
        var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
        var asset = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = track.Id, Kind = kind, OriginalName = name,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
        };
        db.FileAssets.Add(asset);
        if (kind == FileAssetKind.Mix) track.CurrentMixId = asset.Id;
        await db.SaveChangesAsync();
        return asset;
    }

    /// <summary>A revision saved the way the workspace page saves it: Queued, with its settings.</summary>
    public async Task<Revision> AddRevisionAsync(Guid trackId, string settingsJson, Guid? sourceMixId = null)
    {
        await using var db = Factory.CreateDbContext();
        var number = await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => (int?)r.Number) ?? 0;
        var revision = new Revision
        {
            TrackId = trackId, Number = number + 1, SettingsJson = settingsJson, Status = RevisionStatus.Queued, SourceMixId = sourceMixId,
        };
        db.Revisions.Add(revision);
        await db.SaveChangesAsync();
        return revision;
    }

    /// <summary>A master from the engineer's own chain, attached as the command path does: a Queued revision that owns the file.</summary>
    public async Task<(Revision Revision, FileAsset Master)> AddUploadedMasterAsync(Guid trackId, string path, string uploadedById)
    {
        StoredFile stored;
        await using (var content = File.OpenRead(path)) stored = await Store.PutAsync(content);
        var info = AudioFile.Probe(path, Tools);
        await using var db = Factory.CreateDbContext();
        var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
        var number = await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => (int?)r.Number) ?? 0;
        var revision = new Revision { TrackId = trackId, Number = number + 1, Origin = RevisionOrigin.UploadedMaster, Status = RevisionStatus.Queued };
        var master = new FileAsset
        {
            ProjectId = track.ProjectId, TrackId = trackId, RevisionId = revision.Id, Kind = FileAssetKind.Master,
            OriginalName = Path.GetFileName(path), SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
            Format = info.Format.Container, SampleRateHz = info.Format.SampleRateHz, BitDepth = info.Format.BitDepth,
            Channels = info.Format.Channels, DurationSeconds = info.Duration?.TotalSeconds, UploadedById = uploadedById,
        };
        db.Revisions.Add(revision);
        db.FileAssets.Add(master);
        await db.SaveChangesAsync();
        return (revision, master);
    }

    /// <summary>Every file the store holds (content-addressed folders only: not its temp or job folders).</summary>
    public IReadOnlyList<string> StoredKeys() => Directory.EnumerateFiles(Store.Root, "*", SearchOption.AllDirectories)
        .Where(p => StorageKey.IsValid(Path.GetFileName(p)))
        .Select(Path.GetFileName).ToList()!;

    public string WavPath(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public sealed class ContextFactory(TestDatabase database) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.CreateContext();
    }
}

/// <summary>Stands in for Hangfire's client: records each enqueued RunAsync(jobId) so the test decides when it runs.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    readonly ConcurrentQueue<Enqueued> queue = new();
    int next;

    public sealed record Enqueued(string HangfireId, Guid PortalJobId, string Queue);

    public List<Enqueued> All { get; } = [];

    public string Create(Job job, IState state)
    {
        Assert.Equal(typeof(JobRunner), job.Type);
        Assert.Equal(nameof(JobRunner.RunAsync), job.Method.Name);
        var id = Interlocked.Increment(ref next).ToString();
        var enqueued = new Enqueued(id, (Guid)job.Args[0], ((EnqueuedState)state).Queue);
        lock (All) All.Add(enqueued);
        queue.Enqueue(enqueued);
        return id;
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;

    public bool TryTake(out Enqueued enqueued) => queue.TryDequeue(out enqueued!);

    /// <summary>Forgets the queue, as in-memory storage does when the process stops.</summary>
    public void Forget() => queue.Clear();
}

/// <summary>Test material: WAV files written with the audio engine's own writer.</summary>
public static class JobSignals
{
    /// <summary>A 997 Hz sine at <paramref name="peakDbfs"/> on both channels (EBU Tech 3341 case 1's signal at another level).</summary>
    public static string StereoSine(string path, double peakDbfs, double seconds, int rateHz = 48000)
    {
        var amplitude = Math.Pow(10, peakDbfs / 20);
        return Write(path, rateHz, seconds, (c, i) => amplitude * Math.Sin(2 * Math.PI * 997 * i / rateHz));
    }

    /// <summary>A mix-like signal (a chord plus seeded noise), so the chain and the limiter have work to do.</summary>
    public static string Music(string path, double seconds, int rateHz = 44100)
    {
        var noise = new Random(6);
        return Write(path, rateHz, seconds, (c, i) =>
        {
            var t = i / (double)rateHz;
            return 0.08 * (Math.Sin(2 * Math.PI * 110 * t + c) + Math.Sin(2 * Math.PI * 440 * t) + Math.Sin(2 * Math.PI * 1320 * t))
                   + 0.03 * (noise.NextDouble() * 2 - 1);
        });
    }

    /// <summary>A finished master as an engineer's own chain might export it: the mix-like signal with its peak at <paramref name="peakDbfs"/>.</summary>
    public static string Master(string path, double seconds, double peakDbfs, int rateHz = 48000, int bitDepth = 24)
    {
        var gain = Math.Pow(10, peakDbfs / 20) / 0.27; // the mix-like signal peaks just under 0.27
        var noise = new Random(6);
        return Write(path, rateHz, seconds, (c, i) =>
        {
            var t = i / (double)rateHz;
            return gain * (0.08 * (Math.Sin(2 * Math.PI * 110 * t + c) + Math.Sin(2 * Math.PI * 440 * t) + Math.Sin(2 * Math.PI * 1320 * t))
                           + 0.03 * (noise.NextDouble() * 2 - 1));
        }, bitDepth);
    }

    static string Write(string path, int rateHz, double seconds, Func<int, long, double> sample, int bitDepth = 24)
    {
        var frames = (long)(seconds * rateHz);
        using var writer = new WavWriter(path, bitDepth == 16 ? PcmWriteFormat.Pcm16(rateHz, 2) : PcmWriteFormat.Pcm24(rateHz, 2));
        var buffer = new float[4096 * 2];
        for (long start = 0; start < frames; start += 4096)
        {
            var n = (int)Math.Min(4096, frames - start);
            for (var i = 0; i < n; i++)
                for (var c = 0; c < 2; c++)
                    buffer[i * 2 + c] = (float)sample(c, start + i);
            writer.Write(buffer.AsSpan(0, n * 2));
        }
        writer.Complete();
        return path;
    }
}
