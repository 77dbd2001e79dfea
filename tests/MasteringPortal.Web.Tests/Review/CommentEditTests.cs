using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>Only its author edits (marked as edited) or deletes (words gone, thread kept) a comment; the review's data says so.</summary>
public sealed class CommentEditTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static ProjectCommands Actions(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<ProjectCommands>();

    [Fact]
    public async Task The_author_edits_then_deletes_a_comment_and_the_review_shows_it_edited_then_deleted()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (revisionId, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        using var scope = portal.Factory.Services.CreateScope();
        var (_, id) = await Actions(scope).CommentAsync(portal.Ava, revisionId, 1.0, null, "The snare is harsh here");
        var (_, reply) = await Actions(scope).CommentAsync(portal.Engineer, revisionId, 1.0, null, "I will soften it", id);

        Assert.True((await Actions(scope).EditCommentAsync(portal.Ava, id!.Value, "The snare is harsh from here on")).Succeeded);
        var (http, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var url = $"/api/review/projects/{projectId}/tracks/{trackId}";
        var edited = (await http.GetFromJsonAsync<ReviewState>(url, Json))!.Comments.Single(c => c.Id == id);
        Assert.Equal(("The snare is harsh from here on", true, false), (edited.Text, edited.Edited, edited.Deleted));
        // The author's id is for the page on the server, never for the browser's script.
        Assert.DoesNotContain("authorId", await http.GetStringAsync(url), StringComparison.OrdinalIgnoreCase);

        Assert.True((await Actions(scope).DeleteCommentAsync(portal.Ava, id.Value)).Succeeded);
        var state = (await http.GetFromJsonAsync<ReviewState>(url, Json))!;
        var deleted = state.Comments.Single(c => c.Id == id);
        Assert.Equal(("", true), (deleted.Text, deleted.Deleted));
        // The engineer's reply keeps its place in the thread.
        Assert.Equal("I will soften it", state.Comments.Single(c => c.Id == reply).Text);
        Assert.False((await Actions(scope).EditCommentAsync(portal.Ava, id.Value, "Back again")).Succeeded);
    }

    [Fact]
    public async Task Nobody_but_the_author_may_change_a_comment_and_an_empty_edit_is_refused()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Healthy());
        var (revisionId, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        using var scope = portal.Factory.Services.CreateScope();
        var (_, id) = await Actions(scope).CommentAsync(portal.Ava, revisionId, 2.0, null, "Too much reverb");

        var byEngineer = await Actions(scope).EditCommentAsync(portal.Engineer, id!.Value, "Not enough reverb");
        Assert.Equal("Only the person who wrote a comment can change or delete it.", byEngineer.Message);
        Assert.False((await Actions(scope).DeleteCommentAsync(portal.Engineer, id.Value)).Succeeded);
        // Another client does not learn that the comment exists.
        Assert.Equal("This comment does not exist, or it is not yours to see.", (await Actions(scope).DeleteCommentAsync(portal.Ben, id.Value)).Message);
        Assert.False((await Actions(scope).EditCommentAsync(portal.Ava, id.Value, "   ")).Succeeded);

        var (http, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var comment = (await http.GetFromJsonAsync<ReviewState>($"/api/review/projects/{projectId}/tracks/{trackId}", Json))!.Comments.Single();
        Assert.Equal(("Too much reverb", false, false), (comment.Text, comment.Edited, comment.Deleted));
    }
}
