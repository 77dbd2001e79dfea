using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Payments;

/// <summary>
/// Money that is not the portal's checkout must not unlock masters: a Checkout Session made elsewhere on the same
/// Stripe account (a Payment Link takes any <c>client_reference_id</c>), a session of another project, a session
/// paid in another currency. And money that goes back (a refund, a chargeback) locks the masters again.
/// Every event here is correctly signed with the webhook secret, as Stripe would sign it.
/// </summary>
public sealed class ForeignPaymentTests(StripePortal portal) : IClassFixture<StripePortal>
{
    const string Completed = "checkout.session.completed";

    async Task<HttpResponseMessage> PostAsync(string type, JsonObject data)
    {
        var (json, signature) = portal.Stripe.Event(type, data);
        using var anonymous = portal.Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", signature);
        return await anonymous.SendAsync(request);
    }

    static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // 200 either way, so Stripe stops sending it
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outcome"]!.GetValue<string>();
    }

    static JsonObject PaidSession(string id, long amount, string currency, string? clientReference, JsonObject? metadata) => new()
    {
        ["id"] = id, ["object"] = "checkout.session", ["amount_total"] = amount, ["currency"] = currency, ["payment_status"] = "paid",
        ["status"] = "complete", ["client_reference_id"] = clientReference, ["metadata"] = metadata ?? new JsonObject(),
        ["payment_intent"] = "pi_" + id,
    };

    async Task<string> CheckoutAsync(Guid projectId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var start = await scope.ServiceProvider.GetRequiredService<StripeCheckout>().StartAsync(portal.Ava, projectId, "https://portal.test");
        Assert.NotNull(start.RedirectUrl);
        return start.RedirectUrl![(start.RedirectUrl.LastIndexOf('/') + 1)..];
    }

    async Task AssertUnpaidAsync(Guid projectId, int paymentRows)
    {
        var project = await portal.ProjectAsync(projectId);
        Assert.Equal(ProjectStatus.Approved, project.Status);
        Assert.Equal(paymentRows, project.Payments.Count);
        Assert.DoesNotContain(project.Payments, p => p.Status == PaymentStatus.Paid);
        Assert.DoesNotContain(project.Events, e => e.Kind == ProjectEventKind.Paid);
    }

    [Fact]
    public async Task A_one_cent_session_from_elsewhere_naming_the_project_as_client_reference_is_ignored()
    {
        var project = await portal.NewApprovedProjectAsync();
        var outcome = await OutcomeAsync(await PostAsync(Completed,
            PaidSession("cs_test_link_" + project.Id.ToString("N")[..10], 1, project.Currency.ToLowerInvariant(), project.Id.ToString(), null)));
        Assert.Equal(nameof(PaymentOutcomeKind.Ignored), outcome);
        await AssertUnpaidAsync(project.Id, paymentRows: 0);
    }

    [Fact]
    public async Task A_session_for_the_full_price_with_the_project_id_but_no_payment_of_ours_is_ignored()
    {
        var project = await portal.NewApprovedProjectAsync();
        var metadata = new JsonObject { ["project_id"] = project.Id.ToString(), ["payment_id"] = Guid.NewGuid().ToString() };
        var outcome = await OutcomeAsync(await PostAsync(Completed,
            PaidSession("cs_test_fake_" + project.Id.ToString("N")[..10], project.QuoteMinor, project.Currency.ToLowerInvariant(), project.Id.ToString(), metadata)));
        Assert.Equal(nameof(PaymentOutcomeKind.Ignored), outcome);
        await AssertUnpaidAsync(project.Id, paymentRows: 0);
    }

    [Fact]
    public async Task Our_payment_id_on_a_session_we_did_not_make_or_for_another_project_is_ignored()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        var paymentId = Assert.Single((await portal.ProjectAsync(project.Id)).Payments).Id;

        // The real payment id (it could leak through a receipt) on another session of the account.
        var copied = new JsonObject { ["project_id"] = project.Id.ToString(), ["payment_id"] = paymentId.ToString() };
        Assert.Equal(nameof(PaymentOutcomeKind.Ignored), await OutcomeAsync(await PostAsync(Completed,
            PaidSession("cs_test_copy_" + project.Id.ToString("N")[..10], project.QuoteMinor, project.Currency.ToLowerInvariant(), null, copied))));
        // This project's session and payment, but claimed for another approved project of the same client.
        var other = await portal.NewApprovedProjectAsync();
        var moved = new JsonObject { ["project_id"] = other.Id.ToString(), ["payment_id"] = paymentId.ToString() };
        Assert.Equal(nameof(PaymentOutcomeKind.Ignored), await OutcomeAsync(await PostAsync(Completed,
            PaidSession(sessionId, project.QuoteMinor, project.Currency.ToLowerInvariant(), other.Id.ToString(), moved))));

        await AssertUnpaidAsync(project.Id, paymentRows: 1);
        await AssertUnpaidAsync(other.Id, paymentRows: 0);
    }

    [Fact]
    public async Task Our_own_session_paid_in_another_currency_is_not_fulfilled()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        var other = project.Currency.Equals("JPY", StringComparison.OrdinalIgnoreCase) ? "eur" : "jpy";
        portal.Stripe.Update(sessionId, s => s["currency"] = other);
        Assert.Equal(nameof(PaymentOutcomeKind.Refused), await OutcomeAsync(await PostAsync(Completed, portal.Stripe.Session(sessionId))));
        await AssertUnpaidAsync(project.Id, paymentRows: 1);
    }

    async Task<(ApprovedProject Project, string PaymentIntent)> PaidByCardAsync()
    {
        var project = await portal.NewApprovedProjectAsync();
        var sessionId = await CheckoutAsync(project.Id);
        portal.Stripe.Pay(sessionId);
        Assert.Equal(nameof(PaymentOutcomeKind.Paid), await OutcomeAsync(await PostAsync(Completed, portal.Stripe.Session(sessionId))));
        return (project, "pi_" + sessionId[3..]);
    }

    async Task AssertMastersLockedAgainAsync(ApprovedProject project, PaymentStatus status, string clientWords)
    {
        var after = await portal.ProjectAsync(project.Id);
        Assert.True(after.PaymentReversed);
        Assert.Equal(status, Assert.Single(after.Payments).Status);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        foreach (var master in project.Masters)
            Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/files/{master.Id}/audio?download=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ava.GetAsync($"/api/projects/{project.Id}/delivery.zip")).StatusCode);
        // The client's project page says so, and the engineer gets a line of their own saying what to do.
        var page = await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync();
        Assert.Contains(clientWords, page);
        Assert.Contains(after.Events, e => e.Audience == EventAudience.Studio && e.Description.Contains("Stripe dashboard"));
        // The engineer still has every file.
        using var engineer = await portal.SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/files/{project.Masters[0].Id}/audio?download=1")).StatusCode);
    }

    [Fact]
    public async Task A_refund_locks_the_masters_again_and_the_project_says_so()
    {
        var (project, intent) = await PaidByCardAsync();
        using (var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail))
            Assert.Equal(HttpStatusCode.OK, (await ava.GetAsync($"/api/files/{project.Masters[0].Id}/audio?download=1")).StatusCode);

        var charge = new JsonObject
        {
            ["id"] = "ch_" + intent[3..], ["object"] = "charge", ["payment_intent"] = intent, ["amount"] = project.QuoteMinor,
            ["amount_refunded"] = project.QuoteMinor, ["refunded"] = true, ["currency"] = project.Currency.ToLowerInvariant(),
        };
        Assert.Equal(nameof(PaymentOutcomeKind.Reversed), await OutcomeAsync(await PostAsync("charge.refunded", charge)));
        await AssertMastersLockedAgainAsync(project, PaymentStatus.Refunded, "refunded");
    }

    [Fact]
    public async Task A_dispute_locks_the_masters_again_and_the_project_says_so()
    {
        var (project, intent) = await PaidByCardAsync();
        var dispute = new JsonObject
        {
            ["id"] = "dp_" + intent[3..], ["object"] = "dispute", ["payment_intent"] = intent, ["charge"] = "ch_" + intent[3..],
            ["amount"] = project.QuoteMinor, ["currency"] = project.Currency.ToLowerInvariant(), ["reason"] = "fraudulent", ["status"] = "needs_response",
        };
        Assert.Equal(nameof(PaymentOutcomeKind.Reversed), await OutcomeAsync(await PostAsync("charge.dispute.created", dispute)));
        await AssertMastersLockedAgainAsync(project, PaymentStatus.Disputed, "disputed");
    }

    [Fact]
    public async Task A_refund_of_a_charge_the_portal_does_not_know_changes_nothing()
    {
        var (project, _) = await PaidByCardAsync();
        var charge = new JsonObject
        {
            ["id"] = "ch_elsewhere", ["object"] = "charge", ["payment_intent"] = "pi_elsewhere_" + project.Id.ToString("N")[..8],
            ["amount"] = 500, ["amount_refunded"] = 500, ["refunded"] = true, ["currency"] = "eur",
        };
        Assert.Equal(nameof(PaymentOutcomeKind.Ignored), await OutcomeAsync(await PostAsync("charge.refunded", charge)));
        var after = await portal.ProjectAsync(project.Id);
        Assert.False(after.PaymentReversed);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(after.Payments).Status);
    }
}
