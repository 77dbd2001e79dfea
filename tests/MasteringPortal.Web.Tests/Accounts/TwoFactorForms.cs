using System.Net;
using System.Text.RegularExpressions;
using MasteringPortal.Testing;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>Drives the two-factor pages as a person with an authenticator app does.</summary>
public static partial class TwoFactorForms
{
    public const string Page = "/account/two-factor";
    public const string CodePage = "/account/login/code";

    [GeneratedRegex("data-testid=\"two-factor-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyOnPage();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCodeOnPage();

    public static string Key(string html) => KeyOnPage().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("No key on the page:\n" + html);

    public static IReadOnlyList<string> RecoveryCodes(string html) => RecoveryCodeOnPage().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <summary>Set up, scan the key, turn it on with the app's code at <paramref name="at"/>; the key and the recovery codes shown.</summary>
    public static async Task<(byte[] Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(HttpClient browser, DateTimeOffset at)
    {
        var begun = await Forms.SubmitAsync(browser, Page, "begin", new());
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var key = Rfc6238.FromBase32(Key(await begun.Content.ReadAsStringAsync()));
        var enabled = await Forms.SubmitAsync(browser, Page, "enable", new() { ["Code"] = Rfc6238.Code(key, at) });
        var codes = RecoveryCodes(await enabled.Content.ReadAsStringAsync());
        Assert.Equal(10, codes.Count);
        return (key, codes);
    }

    /// <summary>The sign-in form: for an account with two-factor on, the answer sends the browser to the code page.</summary>
    public static Task<HttpResponseMessage> PasswordAsync(HttpClient browser, string email, string password) =>
        Forms.SubmitAsync(browser, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static Task<HttpResponseMessage> CodeAsync(HttpClient browser, string code) =>
        Forms.SubmitAsync(browser, CodePage, "login-code", new() { ["Code"] = code });

    public static async Task<bool> SignedInAsync(HttpClient browser) => (await browser.GetAsync("/engineer")).StatusCode == HttpStatusCode.OK;
}
