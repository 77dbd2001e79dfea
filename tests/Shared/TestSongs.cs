using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing;

/// <summary>Short pieces of the demo's synthesised music for the browser tests to upload or store.</summary>
public static class TestSongs
{
    /// <summary>
    /// Ten seconds (by default) brought to the given sample peak, as a 24-bit WAV; <paramref name="edit"/> may change the
    /// interleaved stereo samples first (a test's deliberate fault).
    /// </summary>
    public static byte[] Song(uint seed, double peakDbfs, double seconds = 10, Action<float[]>? edit = null)
    {
        var song = DemoMixSynth.Songs[0] with { Seed = seed };
        var samples = DemoMixSynth.Render(song, seconds);
        edit?.Invoke(samples);
        var peak = samples.Max(MathF.Abs);
        var gain = (float)(Math.Pow(10, peakDbfs / 20) / peak);
        for (var i = 0; i < samples.Length; i++) samples[i] = Math.Clamp(samples[i] * gain, -1f, 1f);
        return DemoWav.Encode24(samples, 2, DemoMixSynth.SampleRateHz, seed);
    }

    /// <summary>
    /// A project of Ava's (or of the demo studio's client <paramref name="clientId"/>) that the engineer has started (or in
    /// <paramref name="status"/>): one track with a real mix (<see cref="Song"/>) in the store, its analysis queued as a
    /// job, so tests and benchmarks share nothing with the demo's projects. <paramref name="mixWav"/>, when given, is the
    /// mix instead (a 24-bit stereo WAV of <paramref name="seconds"/> at the demo's rate).
    /// </summary>
    public static async Task<(Guid ProjectId, Guid TrackId)> NewProjectWithMixAsync(IServiceProvider services, string title,
        double seconds = 10, uint seed = 31, ProjectStatus status = ProjectStatus.InProgress, Guid? clientId = null, byte[]? mixWav = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var people = await DemoPeople.ReadAsync(services);
        var project = people.NewProjectOfAvas($"{title} (single)", status);
        if (clientId is { } client) project.ClientId = client;
        if (status != ProjectStatus.Draft) project.SubmittedAt = DateTimeOffset.UtcNow;
        var track = new Track { ProjectId = project.Id, Title = title, Position = 1, Brief = new Brief() };
        project.Tracks.Add(track);
        using var wav = new MemoryStream(mixWav ?? Song(seed, peakDbfs: -2.0, seconds));
        var stored = await store.PutAsync(wav);
        var mix = new FileAsset
        {
            ProjectId = project.Id, TrackId = track.Id, Kind = FileAssetKind.Mix, OriginalName = "mix.wav", Format = "wav",
            SampleRateHz = DemoMixSynth.SampleRateHz, Channels = 2, BitDepth = 24, DurationSeconds = seconds,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, UploadedById = people.AvaId,
        };
        project.Files.Add(mix);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        track.CurrentMixId = mix.Id;
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<IPortalJobs>().QueueAnalysisAsync(mix.Id);
        return (project.Id, track.Id);
    }

    /// <summary>
    /// An EP of Ava's that the engineer has started: one track per (title, seconds) with a finished revision 1 whose 24-bit
    /// master (<see cref="Song"/>, peaks at -1 dBFS, each its own seed) is in the store (posted to Ava when
    /// <paramref name="posted"/>), the masters' analyses queued as jobs. What the album view and the album assembly work
    /// from, without rendering each track first.
    /// </summary>
    public static async Task<(Guid ProjectId, IReadOnlyList<Guid> TrackIds)> NewAlbumWithMastersAsync(IServiceProvider services, string title,
        IReadOnlyList<(string Title, double Seconds)> tracks, bool posted = false)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var people = await DemoPeople.ReadAsync(services);
        var project = people.NewProjectOfAvas(title, ProjectStatus.InProgress);
        project.Kind = ProjectKind.EP;
        project.SubmittedAt = DateTimeOffset.UtcNow;
        var masters = new List<FileAsset>();
        for (var i = 0; i < tracks.Count; i++)
        {
            var track = new Track { ProjectId = project.Id, Title = tracks[i].Title, Position = i + 1, Brief = new Brief { TargetPlatforms = TargetPlatforms.Cd } };
            var revision = new Revision
            {
                TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready, SettingsJson = "{}", ProgressPercent = 100,
                PostedAt = posted ? DateTimeOffset.UtcNow : null,
            };
            track.Revisions.Add(revision);
            project.Tracks.Add(track);
            using var wav = new MemoryStream(Song((uint)(101 + i), peakDbfs: -1.0, tracks[i].Seconds));
            var stored = await store.PutAsync(wav);
            var master = new FileAsset
            {
                ProjectId = project.Id, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master,
                OriginalName = $"{tracks[i].Title} – revision 1.wav", Format = "wav", SampleRateHz = DemoMixSynth.SampleRateHz, Channels = 2,
                BitDepth = 24, DurationSeconds = tracks[i].Seconds, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
            };
            project.Files.Add(master);
            masters.Add(master);
        }
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        var jobs = scope.ServiceProvider.GetRequiredService<IPortalJobs>();
        foreach (var master in masters) await jobs.QueueAnalysisAsync(master.Id);
        return (project.Id, project.Tracks.Select(t => t.Id).ToList());
    }
}
