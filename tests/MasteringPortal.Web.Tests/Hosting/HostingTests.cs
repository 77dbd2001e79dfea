using System.Net;
using System.Text.Json;
using MasteringPortal.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>The host serves the repository's root web root and configuration, and reports its health.</summary>
public sealed class HostingTests : IClassFixture<HostingTests.Factory>
{
    public sealed class Factory() : PortalFactory(seedDemo: true);

    private readonly Factory _factory;

    public HostingTests(Factory factory) => _factory = factory;

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Health_answers_anonymous_callers_with_the_status_alone()
    {
        var response = await Client().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.False(json.RootElement.TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task The_root_wwwroot_is_the_web_root()
    {
        var expected = await File.ReadAllTextAsync(Path.Combine(PortalFactory.RepositoryRoot, "wwwroot", "css", "app.css"));
        var response = await Client().GetAsync("/css/app.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    public async Task Framework_and_component_assets_are_served(string path)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Sign_in_page_is_served_with_an_antiforgery_token()
    {
        var html = await Client().GetStringAsync("/account/login");
        Assert.Contains("__RequestVerificationToken", html);
        Assert.Contains("id=\"email\"", html);
    }

    [Theory]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/projects/42", "/projects/42")]
    [InlineData(null, "/")]
    public void Return_urls_after_sign_in_stay_on_this_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, MasteringPortal.Web.Features.Account.Login.SafeReturnUrl(returnUrl));
}
