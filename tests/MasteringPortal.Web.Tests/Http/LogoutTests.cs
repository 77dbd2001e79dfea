using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Payments;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>
/// Signing out is a form post from the portal's own page: another site can make the browser post to
/// <c>/account/logout</c> with the session cookie (a Lax cookie still rides a top-level form post), but not with the
/// page's antiforgery token, so it cannot sign anyone out.
/// </summary>
public sealed class LogoutTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    static async Task<bool> SignedInAsync(HttpClient client)
    {
        var home = await client.GetAsync("/client");
        return home.StatusCode == HttpStatusCode.OK && (await home.Content.ReadAsStringAsync()).Contains("data-testid=\"signed-in-as\"");
    }

    [Fact]
    public async Task A_sign_out_without_the_pages_token_leaves_the_user_signed_in()
    {
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var first = await ava.GetAsync("/client");
        Assert.True(await SignedInAsync(ava), $"{first.StatusCode} {first.Headers.Location}");

        var noToken = await ava.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var wrongToken = await ava.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "CfDJ8forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.True(await SignedInAsync(ava));
    }

    [Fact]
    public async Task The_sign_out_button_with_its_token_signs_out()
    {
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var home = await (await ava.GetAsync("/client")).Content.ReadAsStringAsync();
        var response = await ava.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.AntiforgeryToken(home) }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.ToString());
        Assert.False(await SignedInAsync(ava));
    }
}
