using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// Like for like before payment: a client who hears the revision's preview hears the mix through its preview too, and
/// the page says so; engineers, and clients once paid, hear the mix as sent. Another client may not stream it.
/// </summary>
public sealed class MixPreviewTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    async Task<Guid> AddMixPreviewAsync(Guid projectId, Guid trackId, Guid mixId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var preview = new FileAsset
        {
            ProjectId = projectId, TrackId = trackId, PreviewOfId = mixId, Kind = FileAssetKind.Preview, OriginalName = "song_mix (preview).mp3",
            Format = "mp3", DurationSeconds = 4, SizeBytes = 500, Sha256 = new string('f', 64), StorageKey = new string('f', 64),
        };
        db.FileAssets.Add(preview);
        await db.SaveChangesAsync();
        return preview.Id;
    }

    async Task<ReviewState> StateAsync(string email, Guid projectId, Guid trackId)
    {
        var (http, _) = await ReviewHarness.SignInAsync(portal, email);
        return (await http.GetFromJsonAsync<ReviewState>($"/api/review/projects/{projectId}/tracks/{trackId}", Json))!;
    }

    [Fact]
    public async Task Before_payment_the_client_hears_the_mix_through_its_preview_beside_the_revisions_preview_and_is_told_so()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (_, _, revisionPreview) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var mixPreview = await AddMixPreviewAsync(projectId, trackId, mixId);

        var client = await StateAsync(DemoSeeder.ClientEmail, projectId, trackId);
        Assert.Equal($"/api/files/{revisionPreview}/audio", client.Sources.Single(s => s.Kind == "revision").AudioUrl);
        var mix = client.Sources.Single(s => s.Kind == "mix");
        Assert.Equal(($"/api/files/{mixPreview}/audio", ListeningCopies.MixPreviewNote), (mix.AudioUrl, mix.AudioNote));
        Assert.Equal("Before payment both are compressed previews, encoded the same way, so the comparison is fair.", client.ListeningNote);

        // The engineer hears the mix as it was sent, and reads no such line.
        var studio = await StateAsync(DemoSeeder.EngineerEmail, projectId, trackId);
        Assert.Equal(($"/api/files/{mixId}/audio", (string?)null), (studio.Sources.Single(s => s.Kind == "mix").AudioUrl, studio.ListeningNote));

        // The mix's preview is the client's own file to stream; another client's request is answered as for no file at all.
        await using var db = await portal.Db.CreateDbContextAsync();
        var ava = await db.ViewerAsync(portal.Ava);
        var ben = await db.ViewerAsync(portal.Ben);
        Assert.Equal(FileDecision.Allowed, (await FileAccessRules.DecideAsync(db, ava, mixPreview)).Decision);
        Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ben, mixPreview)).Decision);
    }

    [Fact]
    public async Task Without_a_mix_preview_the_client_is_told_the_comparison_favours_the_mix_and_once_paid_hears_the_mix_as_sent()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var unfair = await StateAsync(DemoSeeder.ClientEmail, projectId, trackId);
        Assert.Equal($"/api/files/{mixId}/audio", unfair.Sources.Single(s => s.Kind == "mix").AudioUrl);
        Assert.Equal(ListeningCopies.UnfairNote, unfair.ListeningNote);

        await AddMixPreviewAsync(projectId, trackId, mixId);
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            (await db.Projects.SingleAsync(p => p.Id == projectId)).Status = ProjectStatus.Paid;
            await db.SaveChangesAsync();
        }
        var paid = await StateAsync(DemoSeeder.ClientEmail, projectId, trackId);
        Assert.Equal(($"/api/files/{mixId}/audio", (string?)null), (paid.Sources.Single(s => s.Kind == "mix").AudioUrl, paid.ListeningNote));
    }
}
