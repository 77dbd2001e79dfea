using System.Net;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>Identity's lockout, through the real sign-in form: five wrong passwords lock the account.</summary>
public sealed class SignInLockoutTests : IClassFixture<SignInLockoutTests.Factory>
{
    // Its own portal, so the locked demo account cannot disturb other test classes.
    public sealed class Factory() : PortalFactory(seedDemo: true);

    private readonly Factory _factory;

    public SignInLockoutTests(Factory factory) => _factory = factory;

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> TryAsync(HttpClient client, string password) =>
        await Forms.SubmitAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = DemoSeeder.SecondClientEmail,
            ["Input.Password"] = password,
        });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one_without_saying_it_exists()
    {
        var client = NewClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await TryAsync(client, "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("do not match an account", await wrong.Content.ReadAsStringAsync());
        }

        var right = await TryAsync(client, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // no redirect: not signed in
        var locked = ErrorOf(await right.Content.ReadAsStringAsync());
        // A locked account answers exactly as an address with no account does: the lockout tells nobody who is here.
        var unknown = await Forms.SubmitAsync(NewClient(), "/account/login", "login", new()
        {
            ["Input.Email"] = "nobody-" + Guid.NewGuid().ToString("N") + "@nowhere.example",
            ["Input.Password"] = DemoSeeder.Password,
        });
        Assert.Equal(ErrorOf(await unknown.Content.ReadAsStringAsync()), locked);
        Assert.DoesNotContain("locked", locked, StringComparison.OrdinalIgnoreCase);
    }

    static string ErrorOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"login-error\">([^<]*)<");
        Assert.True(match.Success, "The sign-in page shows no error.");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task A_wrong_password_says_so_without_revealing_whether_the_account_exists()
    {
        var client = NewClient();
        var unknown = await Forms.SubmitAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = "nobody@nowhere.example",
            ["Input.Password"] = "whatever-1A!",
        });
        var known = await Forms.SubmitAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = DemoSeeder.EngineerEmail,
            ["Input.Password"] = "whatever-1A!",
        });
        Assert.Contains("do not match an account", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("do not match an account", await known.Content.ReadAsStringAsync());
    }
}
