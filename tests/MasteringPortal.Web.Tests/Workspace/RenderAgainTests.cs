using System.Security.Cryptography;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>
/// A revision records what it was made from (the mix by id and content hash, the settings, the engine), and "render
/// again" of an old revision gives the same bytes even after the client sent a new mix; a new render takes the new mix.
/// Jobs run on the real host (Hangfire in memory) through the command path, as the workspace page queues them.
/// </summary>
public sealed class RenderAgainTests : IClassFixture<RenderAgainTests.World>
{
    /// <summary>Only a guard against a hang; nothing here measures time.</summary>
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public sealed class World : IAsyncLifetime
    {
        public PortalFactory Factory { get; } = new(seedDemo: true);
        public DemoPeople People { get; private set; } = default!;
        public Guid ProjectId { get; private set; }
        public Guid TrackId { get; private set; }

        public async Task InitializeAsync()
        {
            _ = Factory.Server;
            People = await DemoPeople.ReadAsync(Factory.Services);
            (ProjectId, TrackId) = await TestSongs.NewProjectWithMixAsync(Factory.Services, "Provenance", seconds: 6, seed: 41);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    readonly World _world;

    public RenderAgainTests(World world) => _world = world;

    [Fact]
    public async Task Rendering_an_old_revision_again_after_the_mix_was_replaced_gives_the_same_bytes_from_the_old_mix()
    {
        var engineer = _world.People.Engineer;
        var settings = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -12 } };
        var firstMixId = await CurrentMixAsync();

        Assert.True((await Run((c, j) => c.QueueRenderAsync(engineer, _world.ProjectId, _world.TrackId, firstMixId, settings, j))).Succeeded);
        var first = await ReadyAsync(await LatestNumberAsync());
        await using (var db = await ContextAsync())
        {
            var mix = await db.FileAssets.SingleAsync(f => f.Id == firstMixId);
            Assert.Equal((firstMixId, mix.Sha256), (first.SourceMixId, first.SourceMixSha256));
        }
        Assert.Equal(MasteringPortal.Audio.EngineVersion.Current, first.EngineVersion);

        // The client sends a new mix (a different song): the track's current mix is now that one.
        var secondMixId = await ReplaceMixAsync(seed: 77);

        Assert.True((await Run((c, j) => c.RenderAgainAsync(engineer, _world.ProjectId, first.Id, j))).Succeeded);
        var again = await ReadyAsync(await LatestNumberAsync());
        Assert.Equal((first.SourceMixId, first.SourceMixSha256, first.SettingsJson), (again.SourceMixId, again.SourceMixSha256, again.SettingsJson));
        Assert.Equal(first.Id, again.RenderedAgainFromId);
        var firstBytes = await MasterBytesAsync(first.Id);
        var againBytes = await MasterBytesAsync(again.Id);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(firstBytes)), Convert.ToHexString(SHA256.HashData(againBytes)));
        Assert.Equal(firstBytes.Length, againBytes.Length);

        // A new render with the same settings takes the new mix, so its master differs.
        Assert.True((await Run((c, j) => c.QueueRenderAsync(engineer, _world.ProjectId, _world.TrackId, secondMixId, settings, j))).Succeeded);
        var fresh = await ReadyAsync(await LatestNumberAsync());
        Assert.Equal(secondMixId, fresh.SourceMixId);
        Assert.NotEqual(Convert.ToHexString(SHA256.HashData(firstBytes)), Convert.ToHexString(SHA256.HashData(await MasterBytesAsync(fresh.Id))));
    }

    [Fact]
    public async Task Only_the_studio_renders_again_and_only_a_revision_of_the_project_named()
    {
        await using var db = await ContextAsync();
        var revision = new Revision
        {
            TrackId = _world.TrackId, Number = 900, SettingsJson = new RenderSettings().ToJson(), Status = RevisionStatus.Ready,
            SourceMixId = await CurrentMixAsync(),
        };
        db.Revisions.Add(revision);
        await db.SaveChangesAsync();
        var before = await db.Revisions.CountAsync(r => r.TrackId == _world.TrackId);

        var byClient = await Run((c, j) => c.RenderAgainAsync(_world.People.Ava, _world.ProjectId, revision.Id, j));
        Assert.False(byClient.Succeeded);
        Assert.Equal("Only the engineer can render a revision.", byClient.Message);
        // Another client of the studio does not even learn that the project exists.
        Assert.Equal(ActionOutcome.NotYours, await Run((c, j) => c.RenderAgainAsync(_world.People.Ben, _world.ProjectId, revision.Id, j)));
        // A revision id of this project under another project's id is not found either.
        var otherProject = await db.Projects.Where(p => p.Id != _world.ProjectId && p.StudioId == _world.People.StudioId).Select(p => p.Id).FirstAsync();
        Assert.Equal(ActionOutcome.NotYours, await Run((c, j) => c.RenderAgainAsync(_world.People.Engineer, otherProject, revision.Id, j)));
        Assert.Equal(before, await db.Revisions.CountAsync(r => r.TrackId == _world.TrackId));
    }

    [Fact]
    public async Task A_revision_whose_mix_was_removed_by_retention_is_not_rendered_again_and_says_why()
    {
        await using var db = await ContextAsync();
        var removed = new FileAsset
        {
            ProjectId = _world.ProjectId, TrackId = _world.TrackId, Kind = FileAssetKind.Mix, OriginalName = "old.wav",
            Sha256 = new string('a', 64), StorageKey = "gone", RemovedAt = DateTimeOffset.UtcNow, RemovedAfterDays = 90,
        };
        var revision = new Revision
        {
            TrackId = _world.TrackId, Number = 901, SettingsJson = new RenderSettings().ToJson(), Status = RevisionStatus.Ready,
            SourceMixId = removed.Id, SourceMixSha256 = removed.Sha256,
        };
        db.FileAssets.Add(removed);
        db.Revisions.Add(revision);
        await db.SaveChangesAsync();

        var outcome = await Run((c, j) => c.RenderAgainAsync(_world.People.Engineer, _world.ProjectId, revision.Id, j));
        Assert.False(outcome.Succeeded);
        Assert.Contains("removed under the studio's retention rules", outcome.Message);
    }

    /// <summary>Runs a command in a scope of its own, as one request or circuit event does.</summary>
    async Task<ActionOutcome> Run(Func<ProjectCommands, IPortalJobs, Task<ActionOutcome>> command)
    {
        await using var scope = _world.Factory.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider.GetRequiredService<ProjectCommands>(), scope.ServiceProvider.GetRequiredService<IPortalJobs>());
    }

    Task<PortalDbContext> ContextAsync() =>
        _world.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task<Guid> CurrentMixAsync()
    {
        await using var db = await ContextAsync();
        return (await db.Tracks.SingleAsync(t => t.Id == _world.TrackId)).CurrentMixId!.Value;
    }

    async Task<int> LatestNumberAsync()
    {
        await using var db = await ContextAsync();
        return await db.Revisions.Where(r => r.TrackId == _world.TrackId).MaxAsync(r => r.Number);
    }

    /// <summary>Waits for revision <paramref name="number"/> to finish (ready, or the test fails with the reason).</summary>
    async Task<Revision> ReadyAsync(int number)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            await using (var db = await ContextAsync())
            {
                var revision = await db.Revisions.AsNoTracking().SingleAsync(r => r.TrackId == _world.TrackId && r.Number == number);
                if (revision.Status == RevisionStatus.Ready) return revision;
                Assert.True(revision.Status != RevisionStatus.Failed, $"Revision {number} failed: {revision.FailureReason}");
                var job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == revision.Id).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync();
                Assert.True(job?.State is not (PortalJobState.Failed or PortalJobState.Cancelled), $"Revision {number}'s render: {job?.State} {job?.FailureReason}");
            }
            await Task.Delay(200, patience.Token);
        }
    }

    /// <summary>The 24-bit master's bytes as stored.</summary>
    async Task<byte[]> MasterBytesAsync(Guid revisionId)
    {
        await using var db = await ContextAsync();
        var master = await db.FileAssets.SingleAsync(f => f.RevisionId == revisionId && f.Kind == FileAssetKind.Master && f.Format == "wav" && f.BitDepth == 24);
        await using var content = _world.Factory.Services.GetRequiredService<IFileStore>().OpenRead(master.StorageKey);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A new mix attached as the current one, as an upload does; returns its id.</summary>
    async Task<Guid> ReplaceMixAsync(uint seed)
    {
        var store = _world.Factory.Services.GetRequiredService<IFileStore>();
        using var wav = new MemoryStream(TestSongs.Song(seed, peakDbfs: -3.0, seconds: 6));
        var stored = await store.PutAsync(wav);
        await using var db = await ContextAsync();
        var track = await db.Tracks.SingleAsync(t => t.Id == _world.TrackId);
        var mix = new FileAsset
        {
            ProjectId = _world.ProjectId, TrackId = track.Id, Kind = FileAssetKind.Mix, OriginalName = "mix v2.wav", Format = "wav",
            SampleRateHz = 44100, Channels = 2, BitDepth = 24, DurationSeconds = 6,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, UploadedById = _world.People.AvaId,
        };
        db.FileAssets.Add(mix);
        track.CurrentMixId = mix.Id;
        await db.SaveChangesAsync();
        return mix.Id;
    }
}
