using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// Comments on the mix (the file it was made on) and on a reference, through the command path: who may, what the
/// review data and the notifications say, the live push, and the refusals (another client, another project's file).
/// </summary>
public sealed class CommentsOnFilesTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds an uploaded reference file to the track's brief, titled as given.</summary>
    async Task<Guid> AddReferenceAsync(Guid projectId, Guid trackId, string title)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var file = new FileAsset
        {
            ProjectId = projectId, Kind = FileAssetKind.Reference, OriginalName = "ref.wav", Format = "wav", DurationSeconds = 30,
            SizeBytes = 1000, Sha256 = new string('e', 64), StorageKey = new string('e', 64),
        };
        db.FileAssets.Add(file);
        var brief = await db.Briefs.Include(b => b.References).SingleAsync(b => b.TrackId == trackId);
        brief.References.Add(new ReferenceTrack { FileAssetId = file.Id, Title = title });
        await db.SaveChangesAsync();
        return file.Id;
    }

    [Fact]
    public async Task The_client_comments_on_the_mix_the_engineer_replies_and_both_see_it_on_the_mix_and_hear_of_it()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var (_, clientCookies) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        await using var client = await ReviewHarness.ConnectAsync(portal, clientCookies);
        await client.Hub.InvokeAsync("Join", projectId);
        using var scope = portal.Factory.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ProjectCommands>();

        var (done, id) = await actions.CommentOnFileAsync(portal.Ava, projectId, mixId, 12.5, null, "The vocal is buried here in the mix too");
        Assert.True(done.Succeeded, done.Message);
        var pushed = await client.NextAsync<ReviewComment>("Comment");
        Assert.Equal((id, (Guid?)mixId, (Guid?)null, "Mix"), ((Guid?)pushed.Id, pushed.FileId, pushed.RevisionId, pushed.SourceLabel));
        var (replied, replyId) = await actions.CommentOnFileAsync(portal.Engineer, projectId, mixId, 0, null, "I hear it; I will lift it", id);
        Assert.True(replied.Succeeded, replied.Message);
        var pushedReply = await client.NextAsync<ReviewComment>("Comment");
        Assert.Equal((id, 12.5), (pushedReply.ParentId, pushedReply.StartSeconds));

        var (http, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var state = (await http.GetFromJsonAsync<ReviewState>($"/api/review/projects/{projectId}/tracks/{trackId}", Json))!;
        Assert.Equal(mixId, state.Sources.Single(s => s.Kind == "mix").FileId);
        var reply = state.Comments.Single(c => c.Id == replyId);
        Assert.Equal((id, 12.5, (Guid?)mixId, "Mix"), (reply.ParentId, reply.StartSeconds, reply.FileId, reply.SourceLabel));

        await using var db = await portal.Db.CreateDbContextAsync();
        var told = await db.Notifications.Where(n => n.UserId == portal.EngineerId && n.ProjectId == projectId).Select(n => n.Title).ToListAsync();
        Assert.Contains(told, t => t.Contains("commented on the mix of “Song” at 0:12"));
        var clientTold = await db.Notifications.Where(n => n.UserId == portal.AvaId && n.ProjectId == projectId).Select(n => n.Title).ToListAsync();
        Assert.Contains(clientTold, t => t.Contains("replied on the mix of “Song”"));
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_a_comment_on_the_mix()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        using var scope = portal.Factory.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
        var (_, id) = await actions.CommentOnFileAsync(portal.Ava, projectId, mixId, 3, 5, "Harsh cymbals");

        Assert.Equal("Only the person who wrote a comment can change or delete it.",
            (await actions.EditCommentAsync(portal.Engineer, id!.Value, "Soft cymbals")).Message);
        Assert.Equal("This comment does not exist, or it is not yours to see.", (await actions.DeleteCommentAsync(portal.Ben, id.Value)).Message);
        Assert.True((await actions.EditCommentAsync(portal.Ava, id.Value, "Harsh cymbals, and the hi-hat")).Succeeded);
        Assert.True((await actions.SetResolvedAsync(portal.Engineer, id.Value, true)).Succeeded);

        var (http, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var url = $"/api/review/projects/{projectId}/tracks/{trackId}";
        var edited = (await http.GetFromJsonAsync<ReviewState>(url, Json))!.Comments.Single();
        Assert.Equal(("Harsh cymbals, and the hi-hat", true, true, 5.0), (edited.Text, edited.Edited, edited.Resolved, edited.EndSeconds!.Value));
        Assert.True((await actions.DeleteCommentAsync(portal.Ava, id.Value)).Succeeded);
        Assert.True((await http.GetFromJsonAsync<ReviewState>(url, Json))!.Comments.Single().Deleted);
    }

    [Fact]
    public async Task A_comment_on_a_reference_names_it_and_a_file_of_another_project_or_client_is_refused()
    {
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var referenceId = await AddReferenceAsync(projectId, trackId, "Giorgio");
        var (otherProject, otherTrack, otherMix) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        var otherReference = await AddReferenceAsync(otherProject, otherTrack, "Elsewhere");
        var (revisionId, masterId, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true);
        using var scope = portal.Factory.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ProjectCommands>();

        var (done, id) = await actions.CommentOnFileAsync(portal.Engineer, projectId, referenceId, 20, 25, "This is the low end she means");
        Assert.True(done.Succeeded, done.Message);
        const string refused = "This recording is not part of the project, or it is not yours to see.";
        // Another client sees neither the project nor its files.
        Assert.Equal(refused, (await actions.CommentOnFileAsync(portal.Ben, projectId, mixId, 1, null, "Hello")).Outcome.Message);
        Assert.Equal(refused, (await actions.CommentOnFileAsync(portal.Ben, projectId, referenceId, 1, null, "Hello")).Outcome.Message);
        // Her own reference and mix of another project are not this project's.
        Assert.Equal(refused, (await actions.CommentOnFileAsync(portal.Ava, projectId, otherReference, 1, null, "Wrong song")).Outcome.Message);
        Assert.Equal(refused, (await actions.CommentOnFileAsync(portal.Ava, projectId, otherMix, 1, null, "Wrong song")).Outcome.Message);
        // A revision's master is commented on as the revision, never as a file.
        Assert.Equal(refused, (await actions.CommentOnFileAsync(portal.Ava, projectId, masterId, 1, null, "Master")).Outcome.Message);
        // Past the reference's end.
        Assert.False((await actions.CommentOnFileAsync(portal.Ava, projectId, referenceId, 31, null, "Late")).Outcome.Succeeded);
        // A reply must be on the same source as its thread.
        Assert.False((await actions.CommentAsync(portal.Ava, revisionId, 1, null, "Answer", id)).Outcome.Succeeded);

        var (http, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var state = (await http.GetFromJsonAsync<ReviewState>($"/api/review/projects/{projectId}/tracks/{trackId}", Json))!;
        var comment = state.Comments.Single();
        Assert.Equal((id, (Guid?)referenceId, "Reference: Giorgio", 20.0), ((Guid?)comment.Id, comment.FileId, comment.SourceLabel, comment.StartSeconds));
        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.Contains(await db.Notifications.Where(n => n.UserId == portal.AvaId && n.ProjectId == projectId).Select(n => n.Title).ToListAsync(),
            t => t.Contains("commented on reference “Giorgio” of “Song” at 0:20"));
        Assert.Equal(0, await db.Comments.CountAsync(c => c.FileAssetId == otherReference || c.FileAssetId == otherMix || c.FileAssetId == masterId));
    }
}
