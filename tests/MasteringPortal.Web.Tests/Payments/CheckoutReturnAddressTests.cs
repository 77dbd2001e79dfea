using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Hosting;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Payments;

/// <summary>
/// Stripe sends the client back to the portal's configured address (<c>PublicBaseUrl</c>), never to whatever Host
/// the checkout request named: with <c>AllowedHosts: *</c> a crafted Host would have sent a paying client to
/// another site after Checkout.
/// </summary>
public sealed class CheckoutReturnAddressTests(StripePortal portal) : IClassFixture<StripePortal>
{
    [Fact]
    public async Task Return_links_come_from_the_public_address_whatever_host_the_request_named()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var html = await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project.Id}/checkout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html) }),
        };
        request.Headers.Host = "phishing.example";
        var response = await ava.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var asked = portal.Stripe.Requests.Single(r => r.Method == HttpMethod.Post
            && r.Form.GetValueOrDefault("metadata[project_id]") == project.Id.ToString()).Form;
        Assert.Equal($"{PublicAddress.Default}/projects/{project.Id}/payment/success?session_id={{CHECKOUT_SESSION_ID}}", asked["success_url"]);
        Assert.Equal($"{PublicAddress.Default}/projects/{project.Id}/payment/cancelled", asked["cancel_url"]);
    }
}
