using System.Net;
using MasteringPortal.Testing;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>A form sent to an address with no page, or a method a page does not take, is a plain 404/405, never a 500.</summary>
/// <remarks>
/// One portal for the class: every request here goes to an address that stores nothing, so the tests cannot disturb
/// one another, and the portal starts once instead of once per test.
/// </remarks>
public sealed class UnknownAddressTests(UnknownAddressTests.Portal factory) : IClassFixture<UnknownAddressTests.Portal>
{
    public sealed class Portal() : PortalFactory(seedDemo: true);

    [Theory]
    [InlineData("POST", "/no-such-page")]
    [InlineData("POST", "/projects/not-a-guid")]
    [InlineData("PUT", "/account/login")]
    [InlineData("DELETE", "/engineer")]
    public async Task A_form_to_nowhere_is_answered_plainly(string method, string path)
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = Forms.AntiforgeryToken(await browser.GetStringAsync("/account/login"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["x"] = "1" }),
        };
        using var response = await browser.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed,
            $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Contains("nothing to send here", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_page_opened_normally_still_shows_the_not_found_page()
    {
        using var browser = factory.CreateClient();
        var response = await browser.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
