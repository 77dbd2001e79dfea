using System.Net;
using System.Text.Json.Nodes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Payments;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Payments;

/// <summary>
/// Going ahead after a sample master with a deposit by card (<see cref="FakeStripe"/> in process): the checkout asks for
/// the studio's share of the quote, the verified webhook submits the project, and on approval only the rest is due.
/// </summary>
public sealed class SampleDepositTests(StripePortal portal) : IClassFixture<StripePortal>
{
    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, Guid projectId, string formTestId)
    {
        var page = await client.GetAsync($"/projects/{projectId}");
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"data-testid=\"{formTestId}\"", html);
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = Forms.AntiforgeryToken(html) };
        return await client.PostAsync($"/api/projects/{projectId}/checkout", new FormUrlEncodedContent(fields));
    }

    async Task PayAsync(string sessionId)
    {
        portal.Stripe.Pay(sessionId);
        var (json, signature) = portal.Stripe.Event("checkout.session.completed", portal.Stripe.Session(sessionId), "evt_" + sessionId);
        using var anonymous = portal.Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, StripeWebhook.Path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", signature);
        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(nameof(PaymentOutcomeKind.Paid), JsonNode.Parse(await response.Content.ReadAsStringAsync())!["outcome"]!.GetValue<string>());
    }

    Dictionary<string, string> Asked(Guid projectId) => portal.Stripe.Requests
        .Last(r => r.Method == HttpMethod.Post && r.Form.GetValueOrDefault("metadata[project_id]") == projectId.ToString()).Form;

    [Fact]
    public async Task The_deposit_goes_ahead_with_the_project_and_only_the_rest_is_due_on_approval()
    {
        var projectId = await portal.NewSampleRequestAsync(depositPercent: 25);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);

        // The project page offers the deposit, not a plain "Submit" that would skip it.
        var page = await (await ava.GetAsync($"/projects/{projectId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"deposit-first\"", page);
        Assert.DoesNotContain("data-testid=\"action-Submit\"", page);
        var response = await PostFormAsync(ava, projectId, "deposit-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var sessionId = response.Headers.Location!.Segments[^1];
        var before = await portal.ProjectAsync(projectId);
        var quote = await QuoteAsync(projectId);
        Assert.Equal((quote / 4).ToString(), Asked(projectId)["line_items[0][price_data][unit_amount]"]);
        Assert.StartsWith("Deposit:", Asked(projectId)["line_items[0][price_data][product_data][name]"]);
        var pending = Assert.Single(before.Payments);
        Assert.Equal((PaymentPurpose.Deposit, PaymentStatus.Pending, quote / 4), (pending.Purpose, pending.Status, pending.AmountMinor));
        Assert.Equal(ProjectStatus.Draft, before.Status);

        await PayAsync(sessionId);
        var submitted = await portal.ProjectAsync(projectId);
        Assert.Equal(ProjectStatus.Submitted, submitted.Status);
        Assert.NotNull(submitted.SampleCommittedAt);
        Assert.Equal(quote, submitted.QuoteMinor);
        Assert.Contains(submitted.Events, e => e.Kind == ProjectEventKind.DepositPaid);
        Assert.Contains(submitted.Events, e => e.Kind == ProjectEventKind.Submitted && e.Description.StartsWith("Went ahead after the sample.", StringComparison.Ordinal));
        Assert.Equal(quote - quote / 4, ProjectBalance.DueMinor(submitted));

        // Approved later: the checkout asks for the rest, and paying it makes the project Paid.
        await SetStatusAsync(projectId, ProjectStatus.Approved);
        var balance = await PostFormAsync(ava, projectId, "checkout-form");
        Assert.Equal(HttpStatusCode.Redirect, balance.StatusCode);
        Assert.Equal((quote - quote / 4).ToString(), Asked(projectId)["line_items[0][price_data][unit_amount]"]);
        await PayAsync(balance.Headers.Location!.Segments[^1]);
        var paid = await portal.ProjectAsync(projectId);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        Assert.Equal(quote, paid.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.AmountMinor));
    }

    [Fact]
    public async Task A_manual_payment_after_a_deposit_records_what_is_due_not_the_whole_price()
    {
        var projectId = await portal.NewSampleRequestAsync(depositPercent: 50);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var response = await PostFormAsync(ava, projectId, "deposit-form");
        await PayAsync(response.Headers.Location!.Segments[^1]);
        await SetStatusAsync(projectId, ProjectStatus.Approved);

        await portal.MarkPaidAsync(projectId);
        var paid = await portal.ProjectAsync(projectId);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        var manual = Assert.Single(paid.Payments, p => p.Method == PaymentMethod.Manual);
        Assert.Equal((PaymentPurpose.Balance, paid.QuoteMinor - paid.QuoteMinor / 2), (manual.Purpose, manual.AmountMinor));
    }

    [Fact]
    public async Task No_deposit_is_taken_before_a_sample_is_posted_by_the_engineer_or_from_another_client()
    {
        var unposted = await portal.NewSampleRequestAsync(depositPercent: 25, posted: false);
        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var page = await (await ava.GetAsync($"/projects/{unposted}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-testid=\"deposit-form\"", page);
        var token = Forms.AntiforgeryToken(page);
        var early = await ava.PostAsync($"/api/projects/{unposted}/checkout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        Assert.EndsWith($"problem={CheckoutRefusal.NoSampleYet}", early.Headers.Location!.ToString());

        var posted = await portal.NewSampleRequestAsync(depositPercent: 25);
        using var ben = await portal.SignedInAsync(DemoSeeder.SecondClientEmail);
        var benPage = await ben.GetAsync("/account/login");
        var benToken = Forms.AntiforgeryToken(await benPage.Content.ReadAsStringAsync());
        var stranger = await ben.PostAsync($"/api/projects/{posted}/checkout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = benToken }));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);

        // The commands refuse to go ahead without the deposit while card payments are on.
        var outcome = await TestCommands.For(portal.Db).CommitAfterSampleAsync(portal.Ava, posted, cardPaymentsOn: true);
        Assert.Contains("deposit", outcome.Message);
        Assert.Empty((await portal.ProjectAsync(unposted)).Payments);
        Assert.Equal(ProjectStatus.Draft, (await portal.ProjectAsync(posted)).Status);
    }

    async Task<long> QuoteAsync(Guid projectId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        var project = await db.Projects.AsNoTracking().Include(p => p.Tracks).SingleAsync(p => p.Id == projectId);
        var studio = await db.Studios.AsNoTracking().SingleAsync(s => s.Id == project.StudioId);
        return Quote.For(studio, project, project.Tracks.Count).TotalMinor;
    }

    async Task SetStatusAsync(Guid projectId, ProjectStatus status)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, status));
    }
}
