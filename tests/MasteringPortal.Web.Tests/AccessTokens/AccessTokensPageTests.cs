using System.Net;
using System.Security.Claims;
using Bunit;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.AccessTokens;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.AccessTokens;

/// <summary>The account page makes a token, shows it once, lists it by name and prefix, and revokes it after a confirmation.</summary>
[Collection(DeskCollection.Name)]
public sealed class AccessTokensPageTests : MudComponentTest
{
    readonly DeskWorld world;

    public AccessTokensPageTests(DeskWorld world)
    {
        this.world = world;
        ctx.Services.AddSingleton(world.Db);
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddScoped<AccessTokenService>();
    }

    IRenderedComponent<AccessTokensPage> RenderAs(string userId)
    {
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        return ctx.Render<AccessTokensPage>();
    }

    [Fact]
    public async Task Creating_shows_the_token_once_and_lists_it_by_name_and_prefix()
    {
        var engineer = await world.NewEngineerAsync();
        var page = RenderAs(engineer.Id);
        page.WaitForElement("[data-testid=no-tokens]");

        page.Find("input[data-testid=token-name]").Input("mastering desk");
        page.Find("[data-testid=create-token]").Click();
        page.WaitForElement("[data-testid=new-token-secret]");
        var secret = page.Find("[data-testid=new-token-secret]").TextContent.Trim();

        await using var db = await world.Db.CreateDbContextAsync();
        var row = await db.AccessTokens.SingleAsync(t => t.UserId == engineer.Id);
        Assert.Equal(("mastering desk", AccessTokenSecrets.Hash(secret)), (row.Name, row.TokenHash));
        Assert.Equal("mastering desk", page.Find("[data-testid=token-row-name]").TextContent.Trim());
        Assert.Contains(row.Prefix + "…", page.Find("[data-testid=token-list]").TextContent);
        Assert.Equal("never", page.Find("[data-testid=token-row-last-used]").TextContent.Trim());

        // Shown once: a fresh visit lists the token but never shows its text again.
        var again = ctx.Render<AccessTokensPage>();
        again.WaitForElement("[data-testid=token-list]");
        Assert.DoesNotContain(secret, again.Markup);
    }

    [Fact]
    public async Task A_token_without_a_name_is_not_made()
    {
        var engineer = await world.NewEngineerAsync();
        var page = RenderAs(engineer.Id);
        page.WaitForElement("[data-testid=no-tokens]");
        page.Find("[data-testid=create-token]").Click();
        Assert.Empty(page.FindAll("[data-testid=new-token]"));
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.False(await db.AccessTokens.AnyAsync(t => t.UserId == engineer.Id));
    }

    [Fact]
    public async Task Revoking_asks_first_and_then_marks_the_token_revoked()
    {
        var engineer = await world.NewEngineerAsync();
        var (id, _) = await world.TokenAsync(DemoPeople.Principal(engineer.Id), "old laptop");
        var page = RenderAs(engineer.Id);
        page.WaitForElement("[data-testid=revoke-token]").Click();

        page.Find("[data-testid=keep-token]").Click();
        await using (var db = await world.Db.CreateDbContextAsync())
            Assert.Null((await db.AccessTokens.SingleAsync(t => t.Id == id)).RevokedAt);

        page.Find("[data-testid=revoke-token]").Click();
        page.Find("[data-testid=confirm-revoke]").Click();
        page.WaitForElement("[data-testid=token-revoked]");
        await using (var db = await world.Db.CreateDbContextAsync())
            Assert.NotNull((await db.AccessTokens.SingleAsync(t => t.Id == id)).RevokedAt);
    }

    [Fact]
    public async Task An_engineer_never_sees_or_revokes_another_engineers_tokens()
    {
        var mine = await world.NewEngineerAsync();
        var (theirs, _) = await world.TokenAsync(world.Engineer, "the demo engineer's");
        var page = RenderAs(mine.Id);
        page.WaitForElement("[data-testid=no-tokens]");
        await using var scope = world.Factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AccessTokenService>().RevokeAsync(DemoPeople.Principal(mine.Id), theirs));
    }

    [Fact]
    public async Task Clients_never_get_the_page_nor_a_token()
    {
        using var ava = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        var page = await ava.GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/not-found", page.Headers.Location!.PathAndQuery);

        await using var scope = world.Factory.Services.CreateAsyncScope();
        var (created, refusal) = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(world.Ava, "sneaky");
        Assert.Null(created);
        Assert.Contains("Only the studio's engineer", refusal);
    }

    [Fact]
    public async Task The_engineer_gets_the_page()
    {
        using var engineer = world.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        var page = await engineer.GetAsync("/account/tokens");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Access tokens", await page.Content.ReadAsStringAsync());
    }
}
