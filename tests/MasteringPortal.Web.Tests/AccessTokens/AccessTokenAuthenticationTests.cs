using System.Net;
using System.Net.Http.Json;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.ApiV1;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.AccessTokens;

/// <summary>
/// A token opens /api as its engineer while it is valid, says why when it is not, opens no page or hub, and needs no
/// antiforgery token where a cookie request still does.
/// </summary>
[Collection(DeskCollection.Name)]
public sealed class AccessTokenAuthenticationTests(DeskWorld world)
{
    [Fact]
    public async Task A_token_reads_the_api_as_its_engineer()
    {
        var (_, secret) = await world.TokenAsync(world.Engineer);
        using var http = world.WithToken(secret);
        var projects = await http.GetFromJsonAsync<List<ApiProject>>("/api/v1/projects");

        await using var db = await world.Db.CreateDbContextAsync();
        var studioProjects = await db.Projects.Where(p => p.StudioId == world.StudioId).Select(p => p.Id).ToListAsync();
        Assert.Equal(studioProjects.Order(), projects!.Select(p => p.Id).Order());
    }

    [Fact]
    public async Task The_database_keeps_the_hash_and_the_prefix_never_the_token()
    {
        var (id, secret) = await world.TokenAsync(world.Engineer, "hash check");
        await using var db = await world.Db.CreateDbContextAsync();
        var row = await db.AccessTokens.SingleAsync(t => t.Id == id);
        Assert.Equal(AccessTokenSecrets.Hash(secret), row.TokenHash);
        Assert.True(secret.StartsWith(row.Prefix, StringComparison.Ordinal) && row.Prefix.Length < 12, row.Prefix);
        Assert.DoesNotContain(secret[row.Prefix.Length..], row.TokenHash + row.Prefix + row.Name);
        Assert.Matches("^mp_[A-Za-z0-9_-]{43}$", secret);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_with_the_day_it_was_revoked()
    {
        var (id, secret) = await world.TokenAsync(world.Engineer, "old laptop");
        using var http = world.WithToken(secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/projects")).StatusCode);
        await world.RevokeAsync(world.Engineer, id);

        var refused = await http.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        await using var db = await world.Db.CreateDbContextAsync();
        var revokedAt = (await db.AccessTokens.SingleAsync(t => t.Id == id)).RevokedAt!.Value.UtcDateTime;
        Assert.Contains("was revoked on " + revokedAt.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), problem!.Detail);
        Assert.Equal("Access token refused", problem.Title);
    }

    [Theory]
    [InlineData("mp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // the right shape, but no such token
    [InlineData("mp_short")]
    [InlineData("not-a-portal-token")]
    public async Task An_unknown_token_is_refused_as_not_valid(string token)
    {
        using var http = world.WithToken(token);
        var refused = await http.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("This access token is not valid", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_token_stops_working_when_its_engineer_is_no_longer_an_engineer()
    {
        var engineer = await world.NewEngineerAsync();
        var (_, secret) = await world.TokenAsync(DemoPeople.Principal(engineer.Id));
        using var http = world.WithToken(secret);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/projects")).StatusCode);

        await using (var scope = world.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(engineer.Id))!, Roles.Engineer)).Succeeded);
        }
        var refused = await http.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("no longer works", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_token_stops_working_when_its_engineer_moves_to_another_studio()
    {
        var engineer = await world.NewEngineerAsync();
        var (_, secret) = await world.TokenAsync(DemoPeople.Principal(engineer.Id));
        var (_, otherStudio, _, _) = await world.SecondStudioAsync();
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Id == engineer.Id);
            user.StudioId = otherStudio;
            await db.SaveChangesAsync();
        }
        using var http = world.WithToken(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_deleted_user_is_refused()
    {
        var engineer = await world.NewEngineerAsync();
        var (_, secret) = await world.TokenAsync(DemoPeople.Principal(engineer.Id));
        await using (var scope = world.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(engineer.Id))!)).Succeeded);
        }
        using var http = world.WithToken(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task A_token_opens_no_page_and_no_hub()
    {
        var (_, secret) = await world.TokenAsync(world.Engineer);
        using var http = world.WithToken(secret);

        var page = await http.GetAsync("/engineer");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/account/tokens")).StatusCode);

        var hub = await http.PostAsync("/hubs/review/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);
    }

    [Fact]
    public async Task A_change_by_token_needs_no_antiforgery_token_but_the_same_change_by_cookie_does()
    {
        var (projectId, _, revisionId, _) = await world.ProjectWithRevisionAsync();
        var url = $"/api/v1/projects/{projectId}/revisions/{revisionId}/post";

        using var browser = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(browser, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var byCookie = await browser.PostAsJsonAsync(url, new PostRevisionRequest("by cookie"));
        Assert.Equal(HttpStatusCode.BadRequest, byCookie.StatusCode);
        Assert.Equal("Security check failed", (await byCookie.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);

        var (_, secret) = await world.TokenAsync(world.Engineer);
        using var http = world.WithToken(secret);
        var byToken = await http.PostAsJsonAsync(url, new PostRevisionRequest("by token"));
        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
    }

    [Fact]
    public async Task Last_use_is_recorded_and_written_at_most_once_a_minute()
    {
        var (id, secret) = await world.TokenAsync(world.Engineer, "last use");
        async Task<DateTimeOffset?> LastUsed()
        {
            await using var db = await world.Db.CreateDbContextAsync();
            return (await db.AccessTokens.AsNoTracking().SingleAsync(t => t.Id == id)).LastUsedAt;
        }
        Assert.Null(await LastUsed());
        using var http = world.WithToken(secret);
        (await http.GetAsync("/api/v1/projects")).EnsureSuccessStatusCode();
        var first = await LastUsed();
        Assert.NotNull(first);

        // Put the recorded use 30 s back: a request now is within the minute and must not write again.
        var recent = first.Value.AddSeconds(-30);
        await SetLastUsed(id, recent);
        (await http.GetAsync("/api/v1/projects")).EnsureSuccessStatusCode();
        Assert.Equal(recent, await LastUsed());

        // Two minutes back: the next request writes its own time.
        var stale = first.Value.AddMinutes(-2);
        await SetLastUsed(id, stale);
        (await http.GetAsync("/api/v1/projects")).EnsureSuccessStatusCode();
        Assert.True(await LastUsed() > stale.AddMinutes(1));
    }

    async Task SetLastUsed(Guid id, DateTimeOffset at)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var row = await db.AccessTokens.SingleAsync(t => t.Id == id);
        row.LastUsedAt = at;
        await db.SaveChangesAsync();
    }
}
