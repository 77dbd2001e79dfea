using MasteringPortal.Audio.Album;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The album as the client hears it (issue 20 §2): the engineer posts a finished assembly only once every master in it
/// was posted; then its preview is the client's to hear and its programme hers once paid; a comment at album time lands on
/// the right track, revision and moment (a crossfade's later track, a pause's next track, a trimmed start counted); the
/// client approves the running order of the latest posted album only; others are refused or told nothing.
/// </summary>
public sealed class AlbumReviewCommandTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    /// <summary>
    /// A finished two-track assembly (as the job leaves it: report, programme, preview), its revisions posted or not. Track 1
    /// runs 2-12 s of the album; track 2 starts with a 1 s trim and crossfades in at 10-12 s, running to 22 s.
    /// </summary>
    async Task<(Guid ProjectId, AlbumAssembly Assembly, Guid[] Revisions, FileAsset Preview, FileAsset Programme)> AssembledAsync(bool postedRevisions)
    {
        var (projectId, firstTrack, _) = await portal.NewProjectAsync(ProjectStatus.InReview);
        await using var db = await DbAsync();
        var second = new Track { ProjectId = projectId, Title = "Song 2", Position = 2, Brief = new Brief() };
        db.Tracks.Add(second);
        var tracks = new[] { firstTrack, second.Id };
        var revisions = tracks.Select(t => new Revision
        {
            TrackId = t, Number = 1, Status = RevisionStatus.Ready, PostedAt = postedRevisions ? DateTimeOffset.UtcNow : null,
        }).ToArray();
        db.Revisions.AddRange(revisions);
        FileAsset File(FileAssetKind kind, char c) => new()
        {
            ProjectId = projectId, Kind = kind, OriginalName = kind.ToString(), Format = kind == FileAssetKind.AlbumPreview ? "mp3" : "wav",
            Sha256 = new string(c, 64), StorageKey = new string(c, 64),
        };
        var (preview, programme) = (File(FileAssetKind.AlbumPreview, '1'), File(FileAssetKind.AlbumProgramme, '2'));
        db.FileAssets.AddRange(preview, programme);
        var sequence = new AlbumSequence(tracks.Select((t, i) => new AlbumSequenceTrack(t, i == 0 ? "Song" : "Song 2", revisions[i].Id, 1, Guid.NewGuid(),
            new string('a', 64), 2, i == 1 ? 2 : 0, FadeCurve.EqualPower, 0, 0, FadeCurve.Exponential, i == 1 ? 1 : 0, 0, 0)).ToList(), false, "EP", "", null);
        var report = new AlbumReport(48000, 22,
        [
            new(tracks[0], 1, "Song", 0, 2, 12, 0, 0, 0),
            new(tracks[1], 2, "Song 2", 10, 10, 22, 2, 0, 1),
        ], null, [], [], "test");
        var assembly = new AlbumAssembly
        {
            ProjectId = projectId, Number = 1, SequenceJson = sequence.ToJson(), ReportJson = report.ToJson(),
            ProgrammeFileId = programme.Id, PreviewFileId = preview.Id,
        };
        db.AlbumAssemblies.Add(assembly);
        await db.SaveChangesAsync();
        return (projectId, assembly, revisions.Select(r => r.Id).ToArray(), preview, programme);
    }

    [Fact]
    public async Task An_album_is_posted_only_from_posted_masters_and_then_its_preview_is_the_clients_and_its_programme_once_paid()
    {
        var (projectId, assembly, revisions, preview, programme) = await AssembledAsync(postedRevisions: false);
        var commands = Commands();
        var people = portal.People;

        var refused = await commands.PostAlbumAsync(people.Engineer, projectId, assembly.Id, "");
        Assert.Contains("Post revision 1 of \"Song\" first", refused.Message);
        await using (var db = await DbAsync())
        {
            await db.Revisions.Where(r => revisions.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.PostedAt, DateTimeOffset.UtcNow));
            var ava = await db.ViewerAsync(people.Ava);
            Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ava, preview.Id)).Decision);
        }
        Assert.Equal(ActionOutcome.NotYours, await commands.PostAlbumAsync(people.Ben, projectId, assembly.Id, ""));
        Assert.Contains("Only the engineer posts", (await commands.PostAlbumAsync(people.Ava, projectId, assembly.Id, "")).Message);
        Assert.True((await commands.PostAlbumAsync(people.Engineer, projectId, assembly.Id, "Shorter gap before 2.")).Succeeded);

        await using (var db = await DbAsync())
        {
            var ava = await db.ViewerAsync(people.Ava);
            var ben = await db.ViewerAsync(people.Ben);
            Assert.Equal(FileDecision.Allowed, (await FileAccessRules.DecideAsync(db, ava, preview.Id)).Decision);
            Assert.Equal(FileDecision.NotYet, (await FileAccessRules.DecideAsync(db, ava, programme.Id)).Decision);
            Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ben, preview.Id)).Decision);
            var saved = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.Id == assembly.Id);
            Assert.Equal("Shorter gap before 2.", saved.PostedNote);
            Assert.NotNull(saved.PostedAt);
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, ProjectStatus.Paid));
            Assert.Equal(FileDecision.Allowed, (await FileAccessRules.DecideAsync(db, ava, programme.Id)).Decision);
        }
    }

    [Theory]
    [InlineData(5.5, 0, 3.5)]   // inside track 1: its own moment
    [InlineData(11.0, 1, 2.0)]  // in the crossfade: the later track, whose master started 1 s in (the trim)
    [InlineData(1.0, 0, 0.0)]   // in the pregap: the start of track 1
    public async Task A_comment_at_album_time_lands_on_the_track_playing_at_its_moment(double albumSeconds, int track, double trackSeconds)
    {
        var (projectId, assembly, revisions, _, _) = await AssembledAsync(postedRevisions: true);
        var commands = Commands();
        Assert.True((await commands.PostAlbumAsync(portal.People.Engineer, projectId, assembly.Id, "")).Succeeded);

        var (outcome, id) = await commands.CommentOnAlbumAsync(portal.People.Ava, projectId, assembly.Id, albumSeconds, "The snare here");

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await DbAsync();
        var comment = await db.Comments.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal((revisions[track], trackSeconds), (comment.RevisionId!.Value, comment.StartSeconds));
        Assert.Contains("outside the album", (await commands.CommentOnAlbumAsync(portal.People.Ava, projectId, assembly.Id, 30, "x")).Outcome.Message);
        Assert.Equal(ActionOutcome.NotYours, (await commands.CommentOnAlbumAsync(portal.People.Ben, projectId, assembly.Id, 5, "x")).Outcome);
    }

    [Fact]
    public async Task The_client_approves_the_running_order_of_the_latest_posted_album_only()
    {
        var (projectId, assembly, _, _, _) = await AssembledAsync(postedRevisions: true);
        var commands = Commands();
        var people = portal.People;

        // Not posted: it does not exist for her.
        Assert.Equal(ActionOutcome.NotYours, await commands.ApproveSequenceAsync(people.Ava, projectId, assembly.Id));
        Assert.Equal(ActionOutcome.NotYours, (await commands.CommentOnAlbumAsync(people.Ava, projectId, assembly.Id, 5, "x")).Outcome);
        Assert.True((await commands.PostAlbumAsync(people.Engineer, projectId, assembly.Id, "")).Succeeded);
        Assert.Contains("The client approves", (await commands.ApproveSequenceAsync(people.Engineer, projectId, assembly.Id)).Message);
        Assert.Equal(ActionOutcome.NotYours, await commands.ApproveSequenceAsync(people.Ben, projectId, assembly.Id));

        Assert.True((await commands.ApproveSequenceAsync(people.Ava, projectId, assembly.Id)).Succeeded);
        await using (var db = await DbAsync())
        {
            Assert.NotNull((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).SequenceApprovedAt);
            // A change to the sequence withdraws the approval.
            var track = await db.Tracks.AsNoTracking().FirstAsync(t => t.ProjectId == projectId && t.Position == 2);
            Assert.True((await commands.SetTrackPlacementAsync(people.Engineer, projectId, track.Id,
                new TrackPlacement(4, 0, FadeCurve.EqualPower, 0, 0, FadeCurve.Exponential, 0, 0, null))).Succeeded);
            Assert.Null((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).SequenceApprovedAt);
        }
    }

    ProjectCommands Commands() => portal.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
