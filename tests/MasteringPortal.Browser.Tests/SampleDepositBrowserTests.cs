using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// A portal of its own (demo studio seeded) that takes card payments through <see cref="FakeStripe"/> in process. It
/// knows its own address before it starts (PublicBaseUrl), so the return links it gives Stripe lead back to it.
/// </summary>
public sealed class StripePortalFixture : PortalBrowserFixture
{
    public StripePortalFixture() : base(seedDemo: true)
    {
        Port = PortalFactory.FreeLoopbackPort();
        Factory.Settings["PublicBaseUrl"] = $"http://127.0.0.1:{Port}";
        Factory.Settings["Stripe:SecretKey"] = FakeStripe.SecretKey;
        Factory.Settings["Stripe:WebhookSecret"] = FakeStripe.WebhookSecret;
        Factory.TestServices.Add(services => services.AddSingleton(Stripe.Client()));
    }

    /// <summary>Stripe, answering the portal's API calls; its hosted pages are at Stripe's real address, served by the test.</summary>
    public FakeStripe Stripe { get; } = new() { CheckoutPageBase = SampleDepositBrowserTests.CheckoutPages };
}

/// <summary>
/// A sample master to commitment in a studio that asks a deposit by card, through the real pages: the client asks for a
/// sample of her draft single; the engineer renders the proposed passage and posts it; the client hears it on the review
/// page; the project page offers no plain "Submit" that would skip the deposit, only paying it; she pays on Stripe's page
/// (served by the test, which pays the session and delivers the signed webhook as Stripe does) and comes back to the
/// portal: the deposit is paid, the project is submitted with her mix, and what is due on approval is the rest.
/// </summary>
public sealed class SampleDepositBrowserTests(StripePortalFixture portal) : AuditedBrowserTest(portal), IClassFixture<StripePortalFixture>
{
    /// <summary>Stripe's hosted checkout, where the portal's Content-Security-Policy lets its forms lead.</summary>
    public const string CheckoutPages = "https://checkout.stripe.com/c/pay/";

    const int DepositPercent = 25;

    [Fact(Timeout = 600_000)]
    public async Task A_client_hears_her_sample_pays_the_deposit_by_card_and_her_project_is_submitted_with_the_mix()
    {
        var (projectId, mixId) = await DraftWithMixAsync();
        var (quote, deposit) = await PriceAsync(projectId);
        Assert.True(deposit.AmountMinor > 0 && deposit.AmountMinor < quote.AmountMinor, $"a deposit of {deposit} on {quote}");

        // --- The client asks for a sample; the panel tells her of the deposit before she asks ---------------------
        var client = await portal.NewPageAsync();
        await portal.SignInAsync(client, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        var panel = client.GetByTestId("sample-panel");
        await PortalBrowserFixture.WaitOrExplainAsync(client, panel.GetByTestId("request-sample"), 60_000);
        await Assertions.Expect(panel).ToContainTextAsync($"a deposit of {deposit} by card");
        await panel.GetByTestId("sample-note").FillAsync("The chorus at 0:20 is what I worry about.");
        await panel.GetByTestId("request-sample").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("sample-state")).ToContainTextAsync("Sample requested");

        // --- The engineer renders the proposed passage in the workspace and posts it ----------------------------
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("sample-workspace").ClickAsync();
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("sample-passage")).ToContainTextAsync("proposed", new() { Timeout = 60_000 });
        await engineer.GetByTestId("render-sample").ClickAsync();
        var card = engineer.GetByTestId("revision-card").First;
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await card.GetByTestId("post-note").FillAsync("Your chorus, with a little more air on top.");
        await card.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();

        // --- The client hears it beside the same passage of her mix ----------------------------------------------
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("sample-listen").ClickAsync();
        await client.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        var sample = client.Locator("[data-testid=review-source][data-kind=revision]");
        await Assertions.Expect(sample).ToContainTextAsync("Sample (");
        await Assertions.Expect(sample.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await Assertions.Expect(client.Locator("[data-testid=review-source][data-kind=mix]")).ToContainTextAsync("Mix, same passage");
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-sample-review");
        await client.GetByTestId("review-sample-go").ClickAsync();
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);

        // --- Before paying: no plain "Submit" that would skip the deposit; going ahead means paying it -----------
        await Assertions.Expect(client.GetByTestId("deposit-first")).ToBeVisibleAsync();
        await Assertions.Expect(client.GetByTestId("action-Submit")).ToHaveCountAsync(0);
        var commit = client.GetByTestId("sample-commit");
        await Assertions.Expect(commit).ToContainTextAsync($"Pay the deposit ({deposit})");
        await Assertions.Expect(client.GetByTestId("sample-terms")).ToContainTextAsync(quote.ToString());
        Assert.Equal(ProjectStatus.Draft, (await ProjectAsync(projectId)).Status);
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-before-paying");

        // --- She pays on Stripe's page -----------------------------------------------------------------------------
        // The portal answers the form with a redirect to Stripe's page. Playwright does not route a redirect's target,
        // so the form's request is routed: the portal's real answer is read, and the browser is taken to that address.
        var sentTo = new TaskCompletionSource<(int Status, string? Location)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.Context.RouteAsync($"{portal.BaseUrl}/api/projects/{projectId}/checkout", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }
            var answer = await route.FetchAsync(new() { MaxRedirects = 0 });
            sentTo.TrySetResult((answer.Status, answer.Headers.GetValueOrDefault("location")));
            await route.AbortAsync("aborted");   // the form's navigation stops here (the page stays); the test follows the redirect
        });
        var webhook = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.Context.RouteAsync(CheckoutPages + "**", route => ServeCheckoutAsync(route, webhook));

        await commit.ClickAsync();
        var (status, location) = await sentTo.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(status == (int)HttpStatusCode.Redirect && location is not null, $"the checkout answered {status} {location}");
        Assert.StartsWith(CheckoutPages, location);
        var sessionId = location![CheckoutPages.Length..];
        // The project page's Content-Security-Policy lets its form lead there (form-action covers the redirect).
        var policy = (await client.APIRequest.GetAsync($"/projects/{projectId}")).Headers["content-security-policy"];
        Assert.Contains("https://checkout.stripe.com", policy.Split(';').Single(d => d.Trim().StartsWith("form-action", StringComparison.Ordinal)));
        // What Stripe was asked for: the deposit, not the price.
        var asked = portal.Stripe.Session(sessionId);
        Assert.Equal(deposit.AmountMinor, asked["amount_total"]!.GetValue<long>());
        Assert.Equal(projectId.ToString(), asked["metadata"]!["project_id"]!.GetValue<string>());

        await client.GotoAsync(location);
        await Assertions.Expect(client.GetByTestId("fake-checkout-amount")).ToHaveTextAsync(deposit.ToString());
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-stripe-checkout");
        await client.GetByTestId("fake-checkout-pay").ClickAsync();
        Assert.Equal("Paid", await webhook.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // --- Back on the portal: the deposit is paid and the project submitted ----------------------------------
        await client.WaitForURLAsync($"**/projects/{projectId}/payment/success?session_id={sessionId}");
        Assert.StartsWith(portal.BaseUrl + "/", client.Url);
        await PortalBrowserFixture.WaitOrExplainAsync(client, client.GetByTestId("checkout-outcome"));
        await Assertions.Expect(client.GetByTestId("checkout-outcome")).ToContainTextAsync("Deposit received");
        await Assertions.Expect(client.GetByTestId("checkout-outcome")).Not.ToContainTextAsync("ready to download");
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-paid");
        await client.GetByTestId("back-to-project").ClickAsync();
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(client.GetByTestId("sample-state")).ToContainTextAsync("You went ahead after the sample");
        await Assertions.Expect(client.GetByTestId("current-mix")).ToContainTextAsync("mix.wav");
        var paidRow = client.GetByTestId("payment-row").Filter(new() { HasText = deposit.ToString() });
        await Assertions.Expect(paidRow).ToContainTextAsync("Paid");
        await Assertions.Expect(paidRow.GetByTestId("receipt-link")).ToBeVisibleAsync();
        await Assertions.Expect(client.GetByTestId("deposit-first")).ToHaveCountAsync(0);
        // The quote says the deposit is paid and what the rest is, due on approval: the price less the deposit.
        var due = new Money(quote.AmountMinor - deposit.AmountMinor, quote.Currency);
        await Assertions.Expect(client.GetByTestId("payment-state")).ToHaveTextAsync("Deposit paid");
        await Assertions.Expect(client.GetByTestId("balance-due")).ToContainTextAsync($"{due} is due once you approve the masters");
        await Assertions.Expect(client.GetByTestId("balance-due")).ToContainTextAsync($"less the deposit of {deposit}");
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-project-submitted");

        var project = await ProjectAsync(projectId);
        Assert.Equal(ProjectStatus.Submitted, project.Status);
        Assert.NotNull(project.SampleCommittedAt);
        Assert.False(ProjectWorkflow.IsOpenSample(project));
        Assert.Equal(quote.AmountMinor, project.QuoteMinor);
        Assert.Equal(mixId, Assert.Single(project.Tracks).CurrentMixId);
        var payment = Assert.Single(project.Payments, p => p.Status == PaymentStatus.Paid);
        Assert.Equal((PaymentPurpose.Deposit, PaymentMethod.Stripe, deposit.AmountMinor, sessionId),
            (payment.Purpose, payment.Method, payment.AmountMinor, payment.ExternalId));
        Assert.Contains(project.Events, e => e.Kind == ProjectEventKind.DepositPaid);
        await using (var db = await DbAsync())
            Assert.True(await db.StripeEvents.AnyAsync(e => e.Id == "evt_" + sessionId), "the signed webhook was recorded");

        // --- Once she approves, the payment panel asks for that rest ---------------------------------------------
        // (Her approval of a revision is the review tests' business: the project is moved there directly.)
        await using (var db = await DbAsync())
            await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, ProjectStatus.Approved));
        await client.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("amount-due")).ToHaveTextAsync(due.ToString());
        await Assertions.Expect(client.GetByTestId("payment-panel")).ToContainTextAsync($"less the deposit of {deposit}");
        await Assertions.Expect(client.GetByTestId("pay-by-card")).ToContainTextAsync($"Pay {due} by card");
        await PortalBrowserFixture.ScreenshotAsync(client, "deposit-balance-due");
    }

    /// <summary>
    /// Stripe's hosted page for one session, as the test plays it: it shows what is asked; "Pay" pays the session, sends
    /// the signed <c>checkout.session.completed</c> webhook to the portal (its outcome goes to <paramref name="webhook"/>)
    /// and sends the browser back to the session's success address, as Stripe does.
    /// </summary>
    async Task ServeCheckoutAsync(IRoute route, TaskCompletionSource<string> webhook)
    {
        var path = new Uri(route.Request.Url).AbsolutePath;
        var pay = path.EndsWith("/pay", StringComparison.Ordinal);
        var id = path["/c/pay/".Length..(pay ? ^"/pay".Length : ^0)];
        JsonObject session;
        try
        {
            session = portal.Stripe.Session(id);
        }
        catch (KeyNotFoundException)
        {
            await route.FulfillAsync(new() { Status = 404, ContentType = "text/plain", Body = "No such checkout session." });
            return;
        }
        if (!pay)
        {
            var amount = new Money(session["amount_total"]!.GetValue<long>(), session["currency"]!.GetValue<string>().ToUpperInvariant());
            await route.FulfillAsync(new()
            {
                Status = 200, ContentType = "text/html; charset=utf-8",
                Body = $"""
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Pay {amount} · test checkout</title></head>
                    <body><main>
                      <h1>Test checkout</h1>
                      <p>Amount: <b data-testid="fake-checkout-amount">{amount}</b></p>
                      <form method="post" action="/c/pay/{id}/pay"><button type="submit" data-testid="fake-checkout-pay">Pay</button></form>
                    </main></body></html>
                    """,
            });
            return;
        }
        portal.Stripe.Pay(id);
        var (json, signature) = portal.Stripe.Event("checkout.session.completed", portal.Stripe.Session(id), "evt_" + id);
        using (var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("Stripe-Signature", signature);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            webhook.TrySetResult(response.IsSuccessStatusCode ? JsonNode.Parse(body)?["outcome"]?.GetValue<string>() ?? body : $"HTTP {(int)response.StatusCode}: {body}");
        }
        var back = session["success_url"]!.GetValue<string>().Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal);
        await route.FulfillAsync(new() { Status = (int)HttpStatusCode.SeeOther, Headers = new Dictionary<string, string> { ["Location"] = back } });
    }

    /// <summary>The studio asks a deposit to go ahead after a sample; Ava's draft single has a 40-second mix (its analysis queued).</summary>
    async Task<(Guid ProjectId, Guid MixId)> DraftWithMixAsync()
    {
        await using (var db = await DbAsync())
            await db.Studios.ExecuteUpdateAsync(u => u.SetProperty(s => s.SampleDepositPercent, DepositPercent));
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Paper Lanterns", seconds: 40, seed: 23,
            status: ProjectStatus.Draft);
        await using (var db = await DbAsync())
            return (projectId, (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId!.Value);
    }

    /// <summary>The project's price as the studio quotes it, and the deposit asked to go ahead.</summary>
    async Task<(Money Quote, Money Deposit)> PriceAsync(Guid projectId)
    {
        await using var db = await DbAsync();
        var project = await db.Projects.AsNoTracking().Include(p => p.Tracks).SingleAsync(p => p.Id == projectId);
        var studio = await db.Studios.AsNoTracking().SingleAsync(s => s.Id == project.StudioId);
        return (Quote.For(studio, project, project.Tracks.Count).Total, ProjectWorkflow.SampleDeposit(studio, project));
    }

    async Task<Project> ProjectAsync(Guid id)
    {
        await using var db = await DbAsync();
        return await db.Projects.AsNoTracking().Include(p => p.Tracks).Include(p => p.Payments).Include(p => p.Events).AsSplitQuery()
            .SingleAsync(p => p.Id == id);
    }

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
