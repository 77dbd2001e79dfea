using System.Net;
using System.Net.Http.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// The review's refusals: a second client gets none of the first client's review (its data, the page's
/// hub group, the audio, the comments, the decisions), and the client never sees what the engineer has not posted.
/// </summary>
public sealed class ReviewAccessTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    ProjectCommands Actions(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<ProjectCommands>();

    [Fact]
    public async Task A_second_client_is_refused_the_review_its_hub_group_audio_comments_and_decisions()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (revisionId, masterId, previewId) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var url = $"/api/review/projects/{projectId}/tracks/{trackId}";

        var (ben, benCookies) = await ReviewHarness.SignInAsync(portal, DemoSeeder.SecondClientEmail);
        var answer = await ben.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("Song", await answer.Content.ReadAsStringAsync());
        foreach (var file in new[] { mixId, masterId, previewId })
            Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/files/{file}/audio")).StatusCode);
        // The review page itself: the same answer as a project that does not exist.
        var page = await ben.GetAsync($"/projects/{projectId}/tracks/{trackId}/review");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/not-found", new Uri(ben.BaseAddress!, page.Headers.Location!).AbsolutePath);

        await using (var hub = await ReviewHarness.ConnectAsync(portal, benCookies))
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.Hub.InvokeAsync("Join", projectId));
            Assert.Contains("not yours to see", refused.Message);
        }

        using var scope = portal.Factory.Services.CreateScope();
        var (comment, id) = await Actions(scope).CommentAsync(portal.Ben, revisionId, 1.0, null, "Let me in");
        Assert.False(comment.Succeeded);
        Assert.Null(id);
        var (avaOutcome, avaComment) = await Actions(scope).CommentAsync(portal.Ava, revisionId, 1.0, null, "The snare is harsh here");
        Assert.True(avaOutcome.Succeeded);
        Assert.False((await Actions(scope).SetResolvedAsync(portal.Ben, avaComment!.Value, true)).Succeeded);
        Assert.False((await Actions(scope).ApproveAsync(portal.Ben, projectId, revisionId)).Succeeded);
        Assert.False((await Actions(scope).RequestChangesAsync(portal.Ben, projectId, "Louder")).Succeeded);

        // Nothing Ben tried changed the project.
        var (avaHttp, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var state = (await avaHttp.GetFromJsonAsync<ReviewState>(url, Json))!;
        Assert.Equal("InReview", state.Status);
        var only = Assert.Single(state.Comments);
        Assert.False(only.Resolved);
    }

    [Fact]
    public async Task The_client_sees_posted_revisions_with_previews_and_never_an_unposted_one_or_its_comments()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (posted, _, preview) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        var (hidden, hiddenMaster, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 2, posted: false);
        using (var scope = portal.Factory.Services.CreateScope())
        {
            Assert.True((await Actions(scope).CommentAsync(portal.Engineer, hidden, 0.5, 1.5, "Try less limiting here")).Outcome.Succeeded);
            // The client cannot comment on (or even name) a revision not posted to them.
            Assert.False((await Actions(scope).CommentAsync(portal.Ava, hidden, 0.5, null, "?")).Outcome.Succeeded);
            Assert.False((await Actions(scope).ApproveAsync(portal.Ava, projectId, hidden)).Succeeded);
        }
        var url = $"/api/review/projects/{projectId}/tracks/{trackId}";
        var (ava, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var body = await ava.GetStringAsync(url);
        Assert.DoesNotContain(hidden.ToString(), body);
        Assert.DoesNotContain(hiddenMaster.ToString(), body);
        Assert.DoesNotContain("less limiting", body);
        var state = JsonSerializer.Deserialize<ReviewState>(body, Json)!;
        Assert.Equal(["mix", "revision"], state.Sources.Select(s => s.Kind));
        var revision = state.Sources[1];
        Assert.Equal((posted, "Revision 1"), (revision.RevisionId!.Value, revision.Label));
        Assert.Equal($"/api/files/{preview}/audio", revision.AudioUrl);
        Assert.Contains("preview", revision.AudioNote);
        Assert.NotNull(revision.Figures?.Waveform);
        Assert.Equal(5, revision.Figures!.Platforms.Count);

        var (engineer, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.EngineerEmail);
        var theirs = JsonSerializer.Deserialize<ReviewState>(await engineer.GetStringAsync(url), Json)!;
        Assert.Equal(["Mix", "Revision 1", "Revision 2 (not posted)"], theirs.Sources.Select(s => s.Label));
        Assert.Contains(theirs.Comments, c => c.Text == "Try less limiting here" && c.ByEngineer);
        // Engineers hear the 24-bit master itself.
        Assert.Equal($"/api/files/{hiddenMaster}/audio", theirs.Sources[2].AudioUrl);
    }

    [Fact]
    public async Task Signed_out_requests_get_401_from_the_data_endpoint_and_cannot_open_the_hub()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview);
        using var anonymous = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/review/projects/{projectId}/tracks/{trackId}")).StatusCode);
        var negotiate = await anonymous.PostAsync("/hubs/review/negotiate?negotiateVersion=1", null);
        // Exact, so that a 500 (or anything but this refusal) fails: the cookie handler's 401, not re-executed as a page.
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        // The same request signed in is answered, so the refusal above is the sign-in check and not a broken route.
        var (signedIn, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.PostAsync("/hubs/review/negotiate?negotiateVersion=1", null)).StatusCode);
    }
}
