using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.ApiV1;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.AccessTokens;

/// <summary>/api/v1 answers from the database through the access rules: what a token's studio holds, and nothing of another's.</summary>
[Collection(DeskCollection.Name)]
public sealed class ApiV1Tests(DeskWorld world)
{
    async Task<HttpClient> EngineerAsync() => world.WithToken((await world.TokenAsync(world.Engineer)).Secret);

    [Fact]
    public async Task Tracks_come_in_running_order_with_their_mix_and_revisions()
    {
        var (projectId, trackId, revisionId, _) = await world.ProjectWithRevisionAsync();
        using var http = await EngineerAsync();
        var tracks = await http.GetFromJsonAsync<List<ApiTrack>>($"/api/v1/projects/{projectId}/tracks");

        var track = Assert.Single(tracks!);
        Assert.Equal((trackId, "Night Drive", 1, "night_drive_mix.wav"), (track.Id, track.Title, track.Position, track.CurrentMix!.Name));
        var revision = Assert.Single(track.Revisions);
        Assert.Equal((revisionId, 1, "Ready", (DateTimeOffset?)null), (revision.Id, revision.Number, revision.Status, revision.PostedAt));
    }

    [Fact]
    public async Task The_demo_eps_tracks_match_the_database()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var ep = await db.Projects.Include(p => p.Tracks).ThenInclude(t => t.Revisions).SingleAsync(p => p.Title == "Tidewater EP");
        using var http = await EngineerAsync();
        var tracks = await http.GetFromJsonAsync<List<ApiTrack>>($"/api/v1/projects/{ep.Id}/tracks");
        Assert.Equal(ep.Tracks.OrderBy(t => t.Position).Select(t => (t.Title, t.Position, t.Revisions.Count)),
            tracks!.Select(t => (t.Title, t.Position, t.Revisions.Count)));
    }

    [Fact]
    public async Task A_revision_carries_its_masters_measured_figures()
    {
        var (projectId, trackId, revisionId, masterId) = await world.ProjectWithRevisionAsync(lufs: -9.3, truePeakDbtp: -0.8, lraLu: 5.1);
        using var http = await EngineerAsync();
        var revision = await http.GetFromJsonAsync<ApiRevision>($"/api/v1/projects/{projectId}/revisions/{revisionId}");

        Assert.Equal((trackId, 1, "Ready", (string?)null), (revision!.TrackId, revision.Number, revision.Status, revision.FailureReason));
        Assert.Equal((masterId, -9.3, -0.8, 5.1, 24, 48000),
            (revision.Master!.FileId, revision.Master.IntegratedLufs, revision.Master.TruePeakDbtp, revision.Master.LoudnessRangeLu,
                revision.Master.BitDepth!.Value, revision.Master.SampleRateHz!.Value));
    }

    [Fact]
    public async Task A_failed_revision_says_why()
    {
        var (projectId, _, revisionId, _) = await world.ProjectWithRevisionAsync();
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var row = await db.Revisions.SingleAsync(r => r.Id == revisionId);
            (row.Status, row.FailureReason) = (RevisionStatus.Failed, "The master could not be read: it ends in the middle of a sample.");
            await db.SaveChangesAsync();
        }
        using var http = await EngineerAsync();
        var revision = await http.GetFromJsonAsync<ApiRevision>($"/api/v1/projects/{projectId}/revisions/{revisionId}");
        Assert.Equal(("Failed", "The master could not be read: it ends in the middle of a sample."), (revision!.Status, revision.FailureReason));
    }

    [Fact]
    public async Task Posting_goes_through_the_workflow_and_the_client_then_sees_the_revision()
    {
        var (projectId, _, revisionId, _) = await world.ProjectWithRevisionAsync();
        using var http = await EngineerAsync();
        var posted = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/revisions/{revisionId}/post", new PostRevisionRequest("From the desk."));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotNull((await posted.Content.ReadFromJsonAsync<ApiRevision>())!.PostedAt);

        await using var db = await world.Db.CreateDbContextAsync();
        var project = await db.Projects.Include(p => p.Events).SingleAsync(p => p.Id == projectId);
        Assert.Equal(ProjectStatus.InReview, project.Status);
        Assert.Contains(project.Events, e => e.Kind == ProjectEventKind.RevisionPosted);
        Assert.Equal("From the desk.", (await db.Revisions.SingleAsync(r => r.Id == revisionId)).EngineerNote);

        var again = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/revisions/{revisionId}/post", new PostRevisionRequest(null));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await again.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail));
    }

    [Fact]
    public async Task A_client_signed_in_sees_no_revision_the_engineer_has_not_posted()
    {
        var (projectId, _, revisionId, _) = await world.ProjectWithRevisionAsync();
        using var ava = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var tracks = await ava.GetFromJsonAsync<List<ApiTrack>>($"/api/v1/projects/{projectId}/tracks");
        Assert.Empty(Assert.Single(tracks!).Revisions);
        Assert.Equal(HttpStatusCode.NotFound, (await ava.GetAsync($"/api/v1/projects/{projectId}/revisions/{revisionId}")).StatusCode);
    }

    [Fact]
    public async Task Comments_are_listed_as_stored()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var (projectId, trackId, revisionId, _) = await world.ProjectWithRevisionAsync();
        var first = new Comment { RevisionId = revisionId, AuthorId = world.EngineerId, StartSeconds = 12.5, Text = "Listen to the intro.", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-2) };
        var reply = new Comment { RevisionId = revisionId, AuthorId = world.EngineerId, ParentId = first.Id, StartSeconds = 12.5, EndSeconds = 20, Text = "Fixed.", CreatedAt = DateTimeOffset.UtcNow };
        db.Comments.AddRange(first, reply);
        await db.SaveChangesAsync();

        using var http = await EngineerAsync();
        var comments = await http.GetFromJsonAsync<List<ApiComment>>($"/api/v1/projects/{projectId}/comments");
        Assert.Equal([(first.Id, (Guid?)null, "Listen to the intro.", (double?)null), (reply.Id, first.Id, "Fixed.", 20)],
            comments!.Select(c => (c.Id, c.ParentId, c.Text, c.EndSeconds)));
        Assert.All(comments!, c => Assert.Equal((trackId, "revision", (int?)1, "Mara Holm"), (c.TrackId, c.On, c.RevisionNumber, c.Author)));
    }

    [Fact]
    public async Task Comments_on_the_mix_and_a_reference_are_listed_with_their_file_for_the_engineer_and_the_client_and_a_deleted_one_without_words()
    {
        var (projectId, trackId, revisionId, _) = await world.ProjectWithRevisionAsync();
        Guid mixId, referenceId;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var track = await db.Tracks.Include(t => t.Brief!).ThenInclude(b => b.References).SingleAsync(t => t.Id == trackId);
            mixId = track.CurrentMixId!.Value;
            var reference = new FileAsset { ProjectId = projectId, Kind = FileAssetKind.Reference, OriginalName = "their_record.wav", Format = "wav",
                Sha256 = new string('c', 64), StorageKey = new string('c', 64), SizeBytes = 1000 };
            db.FileAssets.Add(reference);
            track.Brief!.References.Add(new ReferenceTrack { FileAssetId = reference.Id, Title = "Their record", WhatToTake = "the low end" });
            referenceId = reference.Id;
            var at = DateTimeOffset.UtcNow.AddMinutes(-5);
            db.Comments.AddRange(
                new Comment { FileAssetId = mixId, AuthorId = world.EngineerId, StartSeconds = 3, Text = "The snare is hot in the mix already.", CreatedAt = at,
                    EditedAt = at.AddMinutes(1) },
                new Comment { FileAssetId = referenceId, AuthorId = world.EngineerId, StartSeconds = 40, EndSeconds = 48, Text = "This low end?",
                    CreatedAt = at.AddMinutes(2) },
                new Comment { FileAssetId = mixId, AuthorId = world.EngineerId, StartSeconds = 9, Text = "", DeletedAt = at.AddMinutes(4),
                    CreatedAt = at.AddMinutes(3) },
                // On revision 1, not posted: the engineer sees it, the client does not.
                new Comment { RevisionId = revisionId, AuthorId = world.EngineerId, StartSeconds = 1, Text = "Before posting.", CreatedAt = at.AddMinutes(4) });
            await db.SaveChangesAsync();
        }

        using var http = await EngineerAsync();
        var comments = await http.GetFromJsonAsync<List<ApiComment>>($"/api/v1/projects/{projectId}/comments");
        Assert.Equal([("mix", (Guid?)mixId, (int?)null, "The snare is hot in the mix already.", true, false),
                ("reference", referenceId, null, "This low end?", false, false),
                ("mix", mixId, null, "", false, true),
                ("revision", null, 1, "Before posting.", false, false)],
            comments!.Select(c => (c.On, c.FileId, c.RevisionNumber, c.Text, c.EditedAt is not null, c.Deleted)));
        Assert.All(comments!, c => Assert.Equal(trackId, c.TrackId));

        using var ava = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var hers = await ava.GetFromJsonAsync<List<ApiComment>>($"/api/v1/projects/{projectId}/comments");
        Assert.Equal(["mix", "reference", "mix"], hers!.Select(c => c.On));

        var (otherEngineer, _, _, _) = await world.SecondStudioAsync();
        using var stranger = world.WithToken((await world.TokenAsync(DemoPeople.Principal(otherEngineer.Id))).Secret);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/comments")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_another_studio_reaches_nothing_of_this_one()
    {
        var (projectId, _, revisionId, _) = await world.ProjectWithRevisionAsync();
        var (otherEngineer, _, otherProjectId, _) = await world.SecondStudioAsync();
        using var http = world.WithToken((await world.TokenAsync(DemoPeople.Principal(otherEngineer.Id))).Secret);

        var projects = await http.GetFromJsonAsync<List<ApiProject>>("/api/v1/projects");
        Assert.Equal([otherProjectId], projects!.Select(p => p.Id));
        foreach (var url in new[] { $"/api/v1/projects/{projectId}/tracks", $"/api/v1/projects/{projectId}/revisions/{revisionId}",
                     $"/api/v1/projects/{projectId}/comments" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url)).StatusCode);
        var post = await http.PostAsJsonAsync($"/api/v1/projects/{projectId}/revisions/{revisionId}/post", new PostRevisionRequest("mine now"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Null((await db.Revisions.SingleAsync(r => r.Id == revisionId)).PostedAt);
    }

    [Fact]
    public async Task A_revision_of_another_project_is_not_found_under_this_one()
    {
        var (projectId, _, _, _) = await world.ProjectWithRevisionAsync();
        var (_, _, otherRevisionId, _) = await world.ProjectWithRevisionAsync();
        using var http = await EngineerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/projects/{projectId}/revisions/{otherRevisionId}")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_description_lists_the_v1_endpoints_and_nothing_else()
    {
        using var http = world.Factory.CreateClient();
        var response = await http.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(new[]
        {
            "/api/v1/projects", "/api/v1/projects/{projectId}/comments", "/api/v1/projects/{projectId}/revisions/{revisionId}",
            "/api/v1/projects/{projectId}/revisions/{revisionId}/post", "/api/v1/projects/{projectId}/tracks",
        }, paths);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("accessToken")
            .GetProperty("scheme").GetString());
    }
}
