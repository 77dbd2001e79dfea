using System.Net;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Uploads;

/// <summary>
/// "Send back to mixing": the engineer asks for a new mix with a note; the client hears of it and may then send one mix
/// for that track while mastering (never before the request, never twice); revisions keep the mix they were made from.
/// </summary>
[Collection(UploadsCollection.Name)]
public sealed class SendBackToMixingTests(PortalWebFixture portal)
{
    [Fact]
    public async Task The_engineer_asks_for_a_new_mix_and_the_client_may_send_exactly_that_one()
    {
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Back to the desk", seconds: 3, seed: 51);
        using var ava = await UploadClient.SignedInAsync(portal, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var wav = TestAudio.Wav(1, 51);

        // Mastering has started: the client cannot replace the mix on her own.
        var (before, _, _) = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "mix v2.wav", wav));
        Assert.Equal(HttpStatusCode.Forbidden, before);

        const string note = "The vocal is buried at 1:20; please bring it up 1 dB.";
        Assert.True((await SendBackAsync(people.Engineer, projectId, trackId, note)).Succeeded);
        await using (var db = await DbAsync())
        {
            var track = await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId);
            Assert.NotNull(track.NewMixRequestedAt);
            Assert.Equal(note, track.NewMixRequestNote);
            var line = await db.ProjectEvents.AsNoTracking().SingleAsync(e => e.ProjectId == projectId && e.Kind == ProjectEventKind.NewMixRequested);
            Assert.Equal(EventAudience.Everyone, line.Audience);
            Assert.Contains(note, line.Description);
            var told = await db.Notifications.AsNoTracking().SingleAsync(n => n.ProjectId == projectId && n.Kind == NotificationKind.NewMixRequested);
            Assert.Equal(people.AvaId, told.UserId);
            Assert.Contains(note, told.Body);
        }

        var newMixId = await ava.UploadAsync(projectId, trackId, "mix v2.wav", wav);
        await using (var db = await DbAsync())
        {
            var track = await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId);
            Assert.Equal(newMixId, track.CurrentMixId);
            Assert.Null(track.NewMixRequestedAt);
            Assert.Null(track.NewMixRequestNote);
        }
        // The request is answered: a second mix needs a second request.
        var (after, _, _) = await UploadClient.ProblemAsync(await ava.BeginAsync(projectId, trackId, "mix v3.wav", TestAudio.Wav(1, 52)));
        Assert.Equal(HttpStatusCode.Forbidden, after);
    }

    [Fact]
    public async Task Only_the_engineer_sends_a_track_back_and_only_with_a_note()
    {
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Not yours to send back", seconds: 3, seed: 53);

        var byClient = await SendBackAsync(people.Ava, projectId, trackId, "I want to change the mix.");
        Assert.Equal("Only the engineer can ask for a new mix. To send one, write to the engineer in the comments.", byClient.Message);
        Assert.Equal(ActionOutcome.NotYours, await SendBackAsync(people.Ben, projectId, trackId, "Mine now."));
        Assert.False((await SendBackAsync(people.Engineer, projectId, trackId, "   ")).Succeeded);
        Assert.False((await SendBackAsync(people.Engineer, projectId, Guid.NewGuid(), "A track of no project.")).Succeeded);

        await using var db = await DbAsync();
        Assert.Null((await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId)).NewMixRequestedAt);
        Assert.False(await db.ProjectEvents.AnyAsync(e => e.ProjectId == projectId && e.Kind == ProjectEventKind.NewMixRequested));
    }

    [Fact]
    public async Task The_review_page_says_which_mix_each_revision_was_made_from_and_what_changed()
    {
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Two mixes", seconds: 3, seed: 55);
        Guid firstMix, secondMix;
        await using (var db = await DbAsync())
        {
            var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
            firstMix = track.CurrentMixId!.Value;
            var first = await db.FileAssets.SingleAsync(f => f.Id == firstMix);
            var second = new FileAsset
            {
                ProjectId = projectId, TrackId = trackId, Kind = FileAssetKind.Mix, OriginalName = "mix v2.wav", Format = "wav",
                Sha256 = new string('b', 64), StorageKey = first.StorageKey, SizeBytes = first.SizeBytes, CreatedAt = first.CreatedAt.AddDays(1),
            };
            db.FileAssets.Add(second);
            secondMix = second.Id;
            track.CurrentMixId = second.Id;
            var quieter = new MasteringPortal.Audio.Render.RenderSettings { Loudness = new() { CustomLufs = -16 } };
            var louder = quieter with { Loudness = new() { CustomLufs = -12 } };
            db.Revisions.AddRange(
                new Revision { TrackId = trackId, Number = 1, SettingsJson = quieter.ToJson(), Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow, SourceMixId = firstMix, SourceMixSha256 = first.Sha256 },
                new Revision { TrackId = trackId, Number = 2, SettingsJson = louder.ToJson(), Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow, SourceMixId = secondMix, SourceMixSha256 = second.Sha256 });
            await db.SaveChangesAsync();
        }

        var queries = portal.Factory.Services.GetRequiredService<ReviewQueries>();
        await using var read = await DbAsync();
        var forClient = await queries.LoadAsync(read, await read.ViewerAsync(people.Ava), projectId, trackId);
        var revisions = forClient!.Sources.Where(s => s.Kind == "revision").OrderBy(s => s.RevisionNumber).ToList();
        Assert.StartsWith("Made from mix 1 (sent ", revisions[0].Provenance);
        Assert.StartsWith("Made from mix 2 (sent ", revisions[1].Provenance);
        Assert.EndsWith("Changes since revision 1: Louder: aimed at -12 LUFS instead of -16.", revisions[1].Provenance);

        var forStudio = await queries.LoadAsync(read, await read.ViewerAsync(people.Engineer), projectId, trackId);
        var second2 = forStudio!.Sources.Single(s => s.RevisionNumber == 2);
        Assert.EndsWith("Changes since revision 1: Loudness target: -12 LUFS (was -16 LUFS)", second2.Provenance);
    }

    async Task<ActionOutcome> SendBackAsync(System.Security.Claims.ClaimsPrincipal user, Guid projectId, Guid trackId, string note)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProjectCommands>().SendBackToMixingAsync(user, projectId, trackId, note);
    }

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
