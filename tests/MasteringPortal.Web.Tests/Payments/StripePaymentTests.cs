using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Payments;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Review;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Payments;

/// <summary>
/// Card payments end to end: the project page's form, the Checkout Session the server asks Stripe for
/// (<see cref="FakeStripe"/> answers in process), signed webhooks in every order Stripe may send them, the
/// success page racing the webhook, and the refusals.
/// </summary>
public sealed class StripePaymentTests(StripePortal portal) : IClassFixture<StripePortal>
{
    const string Completed = "checkout.session.completed", Succeeded = "checkout.session.async_payment_succeeded",
        Failed = "checkout.session.async_payment_failed";

    /// <summary>Posts the project page's "Pay by card" form as the browser does, with any extra fields given.</summary>
    static async Task<HttpResponseMessage> PostCheckoutAsync(HttpClient client, Guid projectId, Dictionary<string, string>? extra = null)
    {
        var page = await client.GetAsync($"/projects/{projectId}");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"checkout-form\"", html);
        var fields = new Dictionary<string, string>(extra ?? []) { ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html) };
        return await client.PostAsync($"/api/projects/{projectId}/checkout", new FormUrlEncodedContent(fields));
    }

    async Task<string> CheckoutAsync(Guid projectId)
    {
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var response = await PostCheckoutAsync(ava, projectId);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("https://checkout.stripe.test/c/pay/", location);
        return location[(location.LastIndexOf('/') + 1)..];
    }

    async Task<HttpResponseMessage> DeliverAsync(string type, string sessionId, string? eventId = null, string secret = FakeStripe.WebhookSecret)
    {
        var (json, signature) = portal.Stripe.Event(type, portal.Stripe.Session(sessionId), eventId, secret);
        return await PostWebhookAsync(json, signature);
    }

    async Task<HttpResponseMessage> PostWebhookAsync(string json, string? signature)
    {
        using var anonymous = portal.Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.Add("Stripe-Signature", signature);
        return await anonymous.SendAsync(request);
    }

    static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outcome"]!.GetValue<string>();
    }

    [Fact]
    public async Task Checkout_asks_Stripe_for_the_projects_quote_and_ignores_an_amount_sent_by_the_browser()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var response = await PostCheckoutAsync(ava, project.Id, new() { ["amount"] = "1", ["unit_amount"] = "1", ["AmountMinor"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var sessionId = response.Headers.Location!.Segments[^1];
        var asked = portal.Stripe.Requests.Single(r => r.Method == HttpMethod.Post && r.Form.GetValueOrDefault("metadata[project_id]") == project.Id.ToString()).Form;
        Assert.Equal("payment", asked["mode"]);
        Assert.Equal(project.QuoteMinor.ToString(), asked["line_items[0][price_data][unit_amount]"]);
        Assert.Equal(project.Currency.ToLowerInvariant(), asked["line_items[0][price_data][currency]"]);
        Assert.Equal("1", asked["line_items[0][quantity]"]);
        Assert.EndsWith($"/projects/{project.Id}/payment/success?session_id={{CHECKOUT_SESSION_ID}}", asked["success_url"]);
        Assert.EndsWith($"/projects/{project.Id}/payment/cancelled", asked["cancel_url"]);

        var payment = Assert.Single((await portal.ProjectAsync(project.Id)).Payments);
        Assert.Equal((PaymentMethod.Stripe, PaymentStatus.Pending, sessionId, project.QuoteMinor), (payment.Method, payment.Status, payment.ExternalId, payment.AmountMinor));
        Assert.Equal(payment.Id.ToString(), asked["metadata[payment_id]"]);

        // A second click while that checkout is still open goes back to the same Stripe page: never two charges.
        var again = await PostCheckoutAsync(ava, project.Id);
        Assert.Equal(response.Headers.Location, again.Headers.Location);
        Assert.Single((await portal.ProjectAsync(project.Id)).Payments);
    }

    [Fact]
    public async Task A_signed_completed_event_for_a_paid_session_marks_the_project_paid_once()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);

        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await DeliverAsync(Completed, sessionId, "evt_paid_" + sessionId)));

        var paid = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        var payment = Assert.Single(paid.Payments);
        Assert.Equal((PaymentStatus.Paid, project.QuoteMinor, "pi_" + sessionId[3..]), (payment.Status, payment.AmountMinor, payment.Reference));
        Assert.NotNull(payment.PaidAt);
        var e = Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
        Assert.Null(e.ActorId); // the system: a verified webhook
        Assert.StartsWith("Payment received", e.Description);
        Assert.Equal(1, await portal.StripeEventCountAsync("evt_paid_" + sessionId));
    }

    [Fact]
    public async Task A_card_payment_confirmed_by_the_webhook_reaches_the_projects_open_review_pages_at_once()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        var (_, cookies) = await ReviewHarness.SignInAsync(portal.Factory, DemoSeeder.ClientEmail);
        await using var page = await ReviewHarness.ConnectAsync(portal.Factory, cookies);
        await page.Hub.InvokeAsync("Join", project.Id);

        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await DeliverAsync(Completed, sessionId, "evt_push_" + sessionId)));
        Assert.Equal("Paid", (await page.NextAsync<ReviewProjectChange>("Project")).Status);
    }

    [Fact]
    public async Task A_replayed_event_is_acknowledged_and_ignored()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        var (json, signature) = portal.Stripe.Event(Completed, portal.Stripe.Session(sessionId), "evt_replay_" + sessionId);

        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await PostWebhookAsync(json, signature)));
        Assert.Equal(nameof(PaymentOutcomeKind.Replayed), await OutcomeAsync(await PostWebhookAsync(json, signature)));
        Assert.Equal(nameof(PaymentOutcomeKind.Replayed), await OutcomeAsync(await PostWebhookAsync(json, signature)));

        var paid = await portal.ProjectAsync(project.Id);
        Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
        Assert.Single(paid.Payments);
        Assert.Equal(1, await portal.StripeEventCountAsync("evt_replay_" + sessionId));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_gets_400_and_changes_nothing()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);

        var (json, forged) = portal.Stripe.Event(Completed, portal.Stripe.Session(sessionId), "evt_forged_" + sessionId, secret: "whsec_someone_else");
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWebhookAsync(json, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWebhookAsync(json, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWebhookAsync(json, "t=1,v1=00")).StatusCode);
        // A correctly signed body with its amount changed afterwards no longer matches its signature.
        var (good, signature) = portal.Stripe.Event(Completed, portal.Stripe.Session(sessionId), "evt_forged_" + sessionId);
        var tampered = good.Replace($"\"amount_total\":{project.QuoteMinor}", "\"amount_total\":1");
        Assert.NotEqual(good, tampered);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostWebhookAsync(tampered, signature)).StatusCode);

        var untouched = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Approved, untouched.Status);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(untouched.Payments).Status);
        Assert.Equal(0, await portal.StripeEventCountAsync("evt_forged_" + sessionId));
    }

    [Fact]
    public async Task Out_of_order_events_never_undo_a_settled_payment()
    {
        // Success arrives before "completed (unpaid)".
        var early = await portal.NewApprovedProjectAsync();
        var earlySession = await CheckoutAsync(early.Id);
        portal.Stripe.Update(earlySession, s => { s["status"] = "complete"; s["payment_status"] = "paid"; });
        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await DeliverAsync(Succeeded, earlySession)));
        portal.Stripe.Update(earlySession, s => s["payment_status"] = "unpaid"); // the older snapshot Stripe sends late
        Assert.Equal(nameof(PaymentOutcomeKind.AlreadyPaid), await OutcomeAsync(await DeliverAsync(Completed, earlySession)));
        var paid = await portal.ProjectAsync(early.Id);
        Assert.Equal((ProjectStatus.Paid, PaymentStatus.Paid), (paid.Status, Assert.Single(paid.Payments).Status));
        Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);

        // Failure arrives before "completed (unpaid)": it stays failed, and the project stays unpaid.
        var failing = await portal.NewApprovedProjectAsync();
        var failingSession = await CheckoutAsync(failing.Id);
        portal.Stripe.Update(failingSession, s => s["status"] = "complete");
        Assert.Equal(nameof(PaymentOutcomeKind.Failed), await OutcomeAsync(await DeliverAsync(Failed, failingSession)));
        Assert.Equal(nameof(PaymentOutcomeKind.Failed), await OutcomeAsync(await DeliverAsync(Completed, failingSession)));
        var failed = await portal.ProjectAsync(failing.Id);
        Assert.Equal((ProjectStatus.Approved, PaymentStatus.Failed), (failed.Status, Assert.Single(failed.Payments).Status));

        // An event that comes before the checkout saved the session's id finds the payment row the checkout made first
        // (by the payment id in the session's metadata) and is fulfilled.
        var unseen = await portal.NewApprovedProjectAsync();
        var paymentId = Guid.CreateVersion7();
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.Payments.Add(new Payment
            {
                Id = paymentId, ProjectId = unseen.Id, AmountMinor = unseen.QuoteMinor, Currency = unseen.Currency,
                Method = PaymentMethod.Stripe, Status = PaymentStatus.Pending,
            });
            await db.SaveChangesAsync();
        }
        var unrecorded = "cs_test_unrecorded_" + unseen.Id.ToString("N")[..8];
        var (json, signature) = portal.Stripe.Event(Completed, new JsonObject
        {
            ["id"] = unrecorded, ["object"] = "checkout.session", ["amount_total"] = unseen.QuoteMinor,
            ["currency"] = unseen.Currency.ToLowerInvariant(), ["payment_status"] = "paid", ["status"] = "complete",
            ["metadata"] = new JsonObject { ["project_id"] = unseen.Id.ToString(), ["payment_id"] = paymentId.ToString() },
        });
        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await PostWebhookAsync(json, signature)));
        var fulfilled = await portal.ProjectAsync(unseen.Id);
        Assert.Equal(ProjectStatus.Paid, fulfilled.Status);
        Assert.Equal(unrecorded, Assert.Single(fulfilled.Payments).ExternalId);
    }

    [Fact]
    public async Task An_async_payment_that_fails_leaves_the_project_unpaid_tells_the_client_why_and_lets_them_pay_again()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Update(sessionId, s => s["status"] = "complete"); // a bank debit: complete, money not there yet
        Assert.Equal(nameof(PaymentOutcomeKind.Waiting), await OutcomeAsync(await DeliverAsync(Completed, sessionId)));
        Assert.Equal(PaymentStatus.Pending, Assert.Single((await portal.ProjectAsync(project.Id)).Payments).Status);
        // While the bank payment is on its way, "Pay" again would charge twice: the client is told to wait.
        using (var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail))
        {
            var waiting = await PostCheckoutAsync(ava, project.Id);
            Assert.EndsWith("?problem=PaymentProcessing", waiting.Headers.Location!.ToString());
        }

        Assert.Equal(nameof(PaymentOutcomeKind.Failed), await OutcomeAsync(await DeliverAsync(Failed, sessionId)));
        var failed = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Approved, failed.Status);
        var payment = Assert.Single(failed.Payments);
        Assert.Equal(PaymentStatus.Failed, payment.Status);
        Assert.False(string.IsNullOrWhiteSpace(payment.FailureReason));
        Assert.Contains(failed.Events, e => e.Kind == ProjectEventKind.Note && e.Description.Contains("failed"));

        // The client tries again: a new checkout, which this time succeeds.
        var retry = await CheckoutAsync(project.Id);
        Assert.NotEqual(sessionId, retry);
        portal.Stripe.Pay(retry);
        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await DeliverAsync(Completed, retry)));
        Assert.Equal(ProjectStatus.Paid, (await portal.ProjectAsync(project.Id)).Status);
    }

    [Fact]
    public async Task A_session_paid_for_another_amount_does_not_mark_the_project_paid()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        portal.Stripe.Update(sessionId, s => s["amount_total"] = 100);
        Assert.Equal(nameof(PaymentOutcomeKind.Refused), await OutcomeAsync(await DeliverAsync(Completed, sessionId)));
        var unpaid = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Approved, unpaid.Status);
        Assert.NotEqual(PaymentStatus.Paid, Assert.Single(unpaid.Payments).Status);
        Assert.Contains(unpaid.Events, e => e.Kind == ProjectEventKind.Note && e.Description.Contains("not marked as paid"));
    }

    [Fact]
    public async Task The_success_page_and_the_webhook_fulfilling_at_the_same_moment_record_one_payment()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        var (json, signature) = portal.Stripe.Event(Completed, portal.Stripe.Session(sessionId));

        // Several returns to the success page (reloads, two tabs) race the webhook, each on its own scope as requests would.
        var racers = Enumerable.Range(0, 6).Select(async i =>
        {
            await using var scope = portal.Services.CreateAsyncScope();
            if (i == 0) return (await scope.ServiceProvider.GetRequiredService<StripeWebhook>()
                .HandleAsync(Stripe.EventUtility.ConstructEvent(json, signature, FakeStripe.WebhookSecret, throwOnApiVersionMismatch: false))).Kind;
            return (await scope.ServiceProvider.GetRequiredService<StripeCheckout>().ConfirmReturnAsync(portal.Ava, project.Id, sessionId))!.Kind;
        }).ToList();
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(1, outcomes.Count(o => o == PaymentOutcomeKind.Paid));
        Assert.All(outcomes, o => Assert.True(o is PaymentOutcomeKind.Paid or PaymentOutcomeKind.AlreadyPaid, o.ToString()));
        var paid = await portal.ProjectAsync(project.Id);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(paid.Payments).Status);
        Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
    }

    [Fact]
    public async Task Another_client_can_neither_start_nor_confirm_a_checkout_for_the_project()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        var token = Forms.AntiforgeryToken(await (await ben.GetAsync("/account/login")).Content.ReadAsStringAsync());
        var refused = await ben.PostAsync($"/api/projects/{project.Id}/checkout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        await using var scope = portal.Services.CreateAsyncScope();
        var checkout = scope.ServiceProvider.GetRequiredService<StripeCheckout>();
        Assert.Null(await checkout.ConfirmReturnAsync(portal.Ben, project.Id, sessionId));
        // A session id of another project is not looked up for this one.
        var other = await portal.NewApprovedProjectAsync();
        Assert.Null(await checkout.ConfirmReturnAsync(portal.Ava, other.Id, sessionId));
        Assert.Equal(PaymentStatus.Pending, Assert.Single((await portal.ProjectAsync(project.Id)).Payments).Status);
    }

    [Fact]
    public async Task Nobody_signed_out_starts_a_checkout()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var anonymous = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.PostAsync($"/api/projects/{project.Id}/checkout", new FormUrlEncodedContent([]));
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.Empty((await portal.ProjectAsync(project.Id)).Payments);
    }

    [Fact]
    public async Task A_checkout_for_a_project_already_paid_sends_the_client_back_with_the_reason_and_no_new_session()
    {
        var project = await portal.NewApprovedProjectAsync();
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var token = Forms.AntiforgeryToken(await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync());
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        await OutcomeAsync(await DeliverAsync(Completed, sessionId));
        var sessionsBefore = portal.Stripe.Requests.Count(r => r.Method == HttpMethod.Post);

        var response = await ava.PostAsync($"/api/projects/{project.Id}/checkout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/projects/{project.Id}/payment/cancelled?problem=AlreadyPaid", response.Headers.Location!.ToString());
        Assert.Equal(sessionsBefore, portal.Stripe.Requests.Count(r => r.Method == HttpMethod.Post));
        var page = await (await ava.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("This project is paid already.", page);
        // The page shows only the portal's own words: text put into the address is not displayed.
        var crafted = await (await ava.GetAsync($"/projects/{project.Id}/payment/cancelled?problem=Call+0900+to+pay")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("0900", crafted);
    }
}
