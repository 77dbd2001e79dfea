using System.Net;
using System.Text;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Account.TwoFactor;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Team;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static MasteringPortal.Web.Tests.Accounts.TwoFactorForms;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>
/// Two-factor sign-in through the real pages, with codes computed by the test's own RFC 6238 app on a clock the test
/// moves: turning it on, the second step of signing in (no session before it), codes used once, recovery codes,
/// the lockout, turning it off, and the owner's view of the team.
/// </summary>
public sealed class TwoFactorTests(TwoFactorWorld world) : IClassFixture<TwoFactorWorld>
{
    [Fact]
    public void The_test_app_gives_the_RFC_6238_reference_codes()
    {
        // RFC 6238 Appendix B, SHA-1 rows (8 digits).
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal("94287082", Rfc6238.Code(key, DateTimeOffset.FromUnixTimeSeconds(59), 8));
        Assert.Equal("07081804", Rfc6238.Code(key, DateTimeOffset.FromUnixTimeSeconds(1111111109), 8));
        Assert.Equal("69279037", Rfc6238.Code(key, DateTimeOffset.FromUnixTimeSeconds(2000000000), 8));
        Assert.Equal(key, Rfc6238.FromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    }

    [Fact]
    public async Task Turning_it_on_needs_the_app_s_current_code_and_shows_ten_recovery_codes_once()
    {
        var (browser, userId, _) = await world.JoinAsync(TeamRole.Engineer, "Noor");
        Assert.Contains("two-factor-begin", await browser.GetStringAsync(Page));

        var begun = await (await Forms.SubmitAsync(browser, Page, "begin", new())).Content.ReadAsStringAsync();
        var shownKey = Key(begun).Replace(" ", "");
        var key = Rfc6238.FromBase32(shownKey);
        Assert.Equal(20, key.Length);
        Assert.Contains("<svg", begun);
        var uri = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(begun, "href=\"(otpauth://[^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("otpauth://totp/MasteringPortal:", uri);
        Assert.Contains("secret=" + shownKey, uri);
        Assert.Contains("digits=6", uri);
        Assert.Contains("period=30", uri);
        Assert.Contains("algorithm=SHA1", uri);

        // A code from another step than now ±1 (a wrong clock, a mistyped key) is refused and nothing changes.
        var stale = await Forms.SubmitAsync(browser, Page, "enable", new() { ["Code"] = Rfc6238.Code(key, world.Now.AddMinutes(-5)) });
        Assert.Contains(TwoFactorPage.WrongCode, WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        Assert.False((await world.UserAsync(userId)).TwoFactorEnabled);

        var enabled = await (await Forms.SubmitAsync(browser, Page, "enable", new() { ["Code"] = Rfc6238.Code(key, world.Now) })).Content.ReadAsStringAsync();
        var codes = RecoveryCodes(enabled);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True((await world.UserAsync(userId)).TwoFactorEnabled);

        // This session carries on; the codes are not shown again.
        Assert.True(await SignedInAsync(browser));
        var later = await browser.GetStringAsync(Page);
        Assert.Contains("two-factor-on", later);
        Assert.Contains("10 recovery codes left", later);
        Assert.Empty(RecoveryCodes(later));

        // Stored: neither the key nor any recovery code in readable form.
        await using var db = await world.Db.CreateDbContextAsync();
        var stored = await db.UserTokens.Where(t => t.UserId == userId).Select(t => t.Value ?? "").ToListAsync();
        Assert.NotEmpty(stored);
        foreach (var value in stored)
        {
            Assert.DoesNotContain(shownKey, value);
            Assert.DoesNotContain(Convert.ToBase64String(key), value);
            Assert.All(codes, code => Assert.DoesNotContain(code.Replace("-", ""), value.Replace("-", ""), StringComparison.OrdinalIgnoreCase));
        }
        Assert.Contains(stored, v => v.Contains(MasteringPortal.Web.Features.Account.TwoFactor.RecoveryCodes.Hash(userId, codes[0])));
    }

    [Fact]
    public async Task Signing_in_asks_for_the_code_and_gives_no_session_before_it()
    {
        var (_, _, email, key, _) = await world.EnrolledAsync("Ilse");
        using var browser = world.NewClient();

        var password = await PasswordAsync(browser, email, TeamWorld.MemberPassword);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal(CodePage, password.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(password.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("mp.auth="));
        Assert.False(await SignedInAsync(browser));

        var wrong = await CodeAsync(browser, Rfc6238.Code(key, world.Now.AddMinutes(10)));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(LoginCode.WrongCode, WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        Assert.False(await SignedInAsync(browser));

        var right = await CodeAsync(browser, Rfc6238.Code(key, world.Now));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.True(await SignedInAsync(browser));

        // "Sign out everywhere" ends a session that came through the second step as well.
        var page = await browser.GetStringAsync("/account/password");
        await browser.PostAsync("/account/signout-everywhere", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.AntiforgeryToken(page) }));
        Assert.False(await SignedInAsync(browser));
    }

    [Fact]
    public async Task The_code_page_without_a_correct_password_first_sends_you_back_to_sign_in()
    {
        using var stranger = world.NewClient();
        var page = await stranger.GetAsync(CodePage);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login", page.Headers.Location!.AbsolutePath);

        // A wrong password never reaches the second step.
        var (_, _, email, _, _) = await world.EnrolledAsync("Tove");
        var refused = await PasswordAsync(stranger, email, "not the password of this account");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync(CodePage)).StatusCode);
    }

    [Fact]
    public async Task A_code_is_accepted_only_once()
    {
        var (_, _, email, key, _) = await world.EnrolledAsync("Cato");
        using var first = world.NewClient();
        using var second = world.NewClient();
        await PasswordAsync(first, email, TeamWorld.MemberPassword);
        await PasswordAsync(second, email, TeamWorld.MemberPassword);
        var code = Rfc6238.Code(key, world.Now);

        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(first, code)).StatusCode);
        // The same code again, within its 90 seconds, and the step before it: both refused.
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(second, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(second, Rfc6238.Code(key, world.Now.AddSeconds(-30)))).StatusCode);
        Assert.False(await SignedInAsync(second));

        world.NextStep();
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(second, Rfc6238.Code(key, world.Now))).StatusCode);
        Assert.True(await SignedInAsync(second));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var (_, _, email, _, codes) = await world.EnrolledAsync("Wren");
        using var first = world.NewClient();
        await PasswordAsync(first, email, TeamWorld.MemberPassword);
        // Typed the way people type: lower case, without the dashes.
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(first, codes[3].Replace("-", "").ToLowerInvariant())).StatusCode);
        Assert.True(await SignedInAsync(first));
        Assert.Contains("9 recovery codes left", await first.GetStringAsync(Page));

        using var second = world.NewClient();
        await PasswordAsync(second, email, TeamWorld.MemberPassword);
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(second, codes[3])).StatusCode);
        Assert.False(await SignedInAsync(second));
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(second, codes[4])).StatusCode);
        Assert.True(await SignedInAsync(second));
    }

    [Fact]
    public async Task Wrong_codes_count_toward_the_lockout()
    {
        var (_, userId, email, key, codes) = await world.EnrolledAsync("Juno");
        using var guesser = world.NewClient();
        await PasswordAsync(guesser, email, TeamWorld.MemberPassword);
        for (var i = 0; i < 3; i++) await CodeAsync(guesser, Rfc6238.Code(key, world.Now.AddHours(1 + i)));
        await CodeAsync(guesser, "AAAA-BBBB-CCCC-DDDD");
        await CodeAsync(guesser, Rfc6238.Code(key, world.Now.AddHours(9)));

        var users = world.Service<UserManager<PortalUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(userId))!));
        // Locked: even the right code and a good recovery code are refused, with the same words as a wrong one.
        var right = await CodeAsync(guesser, Rfc6238.Code(key, world.Now));
        Assert.Contains(LoginCode.WrongCode, WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(guesser, codes[0])).StatusCode);
        Assert.False(await SignedInAsync(guesser));
    }

    [Fact]
    public async Task Turning_it_off_needs_the_password_or_a_current_code()
    {
        var (browser, userId, email, _, _) = await world.EnrolledAsync("Ansel");
        var wrong = await Forms.SubmitAsync(browser, Page, "disable", new() { ["Proof"] = "a guess at the password" });
        Assert.Contains(TwoFactorPage.WrongProof, WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));
        Assert.True((await world.UserAsync(userId)).TwoFactorEnabled);

        var off = await Forms.SubmitAsync(browser, Page, "disable", new() { ["Proof"] = TeamWorld.MemberPassword });
        Assert.Contains("two-factor-begin", await off.Content.ReadAsStringAsync());
        Assert.False((await world.UserAsync(userId)).TwoFactorEnabled);
        Assert.True(await SignedInAsync(browser));
        await using (var db = await world.Db.CreateDbContextAsync())
            Assert.False(await db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider.Contains("TwoFactor")));

        // The password alone signs in again.
        using var fresh = world.NewClient();
        await Forms.SignInAsync(fresh, email, TeamWorld.MemberPassword);
        Assert.True(await SignedInAsync(fresh));
    }

    [Fact]
    public async Task New_recovery_codes_void_the_old_ones()
    {
        var (browser, _, email, key, old) = await world.EnrolledAsync("Pia");
        var refused = await Forms.SubmitAsync(browser, Page, "codes", new() { ["Proof"] = Rfc6238.Code(key, world.Now.AddHours(2)) });
        Assert.Contains(TwoFactorPage.WrongProof, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        var made = await Forms.SubmitAsync(browser, Page, "codes", new() { ["Proof"] = Rfc6238.Code(key, world.Now) });
        var fresh = RecoveryCodes(await made.Content.ReadAsStringAsync());
        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(old));

        using var other = world.NewClient();
        await PasswordAsync(other, email, TeamWorld.MemberPassword);
        Assert.Equal(HttpStatusCode.OK, (await CodeAsync(other, old[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CodeAsync(other, fresh[0])).StatusCode);
    }

    [Fact]
    public async Task The_owner_sees_who_has_two_factor_on()
    {
        var (_, enrolled, _, _, _) = await world.EnrolledAsync("Signe");
        var (_, plain, _) = await world.JoinAsync(TeamRole.Assistant, "Bram");
        var members = await world.Service<TeamService>().MembersAsync(world.Engineer);
        Assert.NotNull(members);
        Assert.True(members.Single(m => m.UserId == enrolled).TwoFactor);
        Assert.False(members.Single(m => m.UserId == plain).TwoFactor);
        // Nobody but the owner gets the list.
        Assert.Null(await world.Service<TeamService>().MembersAsync(DemoPeople.Principal(plain)));

        // The team page says it beside each member.
        using var owner = world.NewClient();
        await Forms.SignInAsync(owner, MasteringPortal.Web.Demo.DemoSeeder.EngineerEmail, MasteringPortal.Web.Demo.DemoSeeder.Password);
        var page = await owner.GetStringAsync("/studio/team");
        Assert.Contains("data-two-factor=\"on\"", page);
        Assert.Contains("Two-factor on", page);
        Assert.Contains("Password only", page);
    }
}
