using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Tests.Infrastructure;
using MasteringPortal.Core.Tests.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Core.Tests.Payments;

public sealed class SqlitePaymentFulfilmentTests(SqliteTestDatabase db) : PaymentFulfilmentTests<SqliteTestDatabase>(db);
public sealed class PostgresPaymentFulfilmentTests(PostgresTestDatabase db) : PaymentFulfilmentTests<PostgresTestDatabase>(db);

/// <summary>
/// The one fulfilment function under concurrent callers (the webhook, the success page, the engineer), on each
/// database: however many arrive at once, a project is paid once, with one payment row and one timeline event.
/// </summary>
public abstract class PaymentFulfilmentTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    const int Callers = 8;

    PaymentFulfilment Fulfilment() => new(new JobHarness.ContextFactory(Database), new ProjectWorkflow(TimeProvider.System),
        new InProcessProjectChangeFeed(NullLogger<InProcessProjectChangeFeed>.Instance), TimeProvider.System, NullLogger<PaymentFulfilment>.Instance);

    async Task<(Project Project, StudioSeed Seed)> ApprovedAsync()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var project = await db.Projects.SingleAsync(p => p.Id == seed.ProjectA.Id);
        project.Status = ProjectStatus.Approved;
        project.QuoteMinor = 60_00;
        project.Currency = "EUR";
        await db.SaveChangesAsync();
        return (project, seed);
    }

    /// <summary>The pending card payment a checkout saves before it asks Stripe for the session (the session id not yet known).</summary>
    async Task<Guid> CheckoutRowAsync(Project project)
    {
        await using var db = Db();
        var payment = new Payment { ProjectId = project.Id, AmountMinor = 60_00, Currency = "EUR", Method = PaymentMethod.Stripe };
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return payment.Id;
    }

    async Task<Project> ReloadAsync(Guid id)
    {
        await using var db = Db();
        return await db.Projects.AsNoTracking().Include(p => p.Payments).Include(p => p.Events).AsSplitQuery().SingleAsync(p => p.Id == id);
    }

    /// <summary>Starts every caller on its own thread and releases them together.</summary>
    static async Task<PaymentOutcome[]> AllAtOnceAsync(Func<int, Task<PaymentOutcome>> call)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Callers).Select(i => Task.Run(async () => { start.Wait(); return await call(i); })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    [SkippableFact]
    public async Task The_engineer_marking_paid_from_several_pages_at_once_records_one_payment()
    {
        var (project, seed) = await ApprovedAsync();
        var engineer = seed.Engineer.AsActor();
        var outcomes = await AllAtOnceAsync(_ => Fulfilment().FulfilAsync(
            new PaymentConfirmation(project.Id, PaymentMethod.Manual, null, 60_00, "EUR", "Cash", engineer)));

        Assert.Equal(1, outcomes.Count(o => o.Kind == PaymentOutcomeKind.Paid));
        Assert.All(outcomes, o => Assert.True(o.IsPaid, $"{o.Kind}: {o.Message}"));
        var paid = await ReloadAsync(project.Id);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        Assert.Equal((PaymentMethod.Manual, PaymentStatus.Paid, 60_00L), Assert.Single(paid.Payments) is var p ? (p.Method, p.Status, p.AmountMinor) : default);
        Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
    }

    [SkippableFact]
    public async Task One_checkout_session_fulfilled_by_several_callers_at_once_is_paid_once()
    {
        var (project, _) = await ApprovedAsync();
        var confirmation = new PaymentConfirmation(project.Id, PaymentMethod.Stripe, "cs_test_" + project.Id.ToString("N"), 60_00, "EUR", "pi_1", WorkflowActor.System,
            await CheckoutRowAsync(project), "pi_1");
        // Half of them are webhook deliveries (each its own event id), half success-page returns (no event).
        var outcomes = await AllAtOnceAsync(i => Fulfilment().FulfilAsync(confirmation,
            i % 2 == 0 ? new StripeEventRecord { Id = $"evt_{project.Id:N}_{i}", Type = "checkout.session.completed", CheckoutSessionId = confirmation.ExternalId } : null));

        Assert.Equal(1, outcomes.Count(o => o.Kind == PaymentOutcomeKind.Paid));
        Assert.All(outcomes, o => Assert.True(o.IsPaid, $"{o.Kind}: {o.Message}"));
        var paid = await ReloadAsync(project.Id);
        Assert.Equal(ProjectStatus.Paid, paid.Status);
        var payment = Assert.Single(paid.Payments);
        Assert.Equal((PaymentStatus.Paid, confirmation.ExternalId), (payment.Status, payment.ExternalId));
        Assert.Single(paid.Events, e => e.Kind == ProjectEventKind.Paid);
        await using var db = Db();
        Assert.Equal(Callers / 2, await db.StripeEvents.CountAsync(e => e.CheckoutSessionId == confirmation.ExternalId));
    }

    [SkippableFact]
    public async Task The_same_event_delivered_several_times_at_once_is_applied_once_and_the_rest_are_replays()
    {
        var (project, _) = await ApprovedAsync();
        var confirmation = new PaymentConfirmation(project.Id, PaymentMethod.Stripe, "cs_test_r" + project.Id.ToString("N"), 60_00, "EUR", null, WorkflowActor.System,
            await CheckoutRowAsync(project));
        var eventId = $"evt_same_{project.Id:N}";
        var outcomes = await AllAtOnceAsync(_ => Fulfilment().FulfilAsync(confirmation,
            new StripeEventRecord { Id = eventId, Type = "checkout.session.completed", CheckoutSessionId = confirmation.ExternalId }));

        Assert.Equal(1, outcomes.Count(o => o.Kind == PaymentOutcomeKind.Paid));
        Assert.Equal(Callers - 1, outcomes.Count(o => o.Kind == PaymentOutcomeKind.Replayed));
        Assert.Single((await ReloadAsync(project.Id)).Events, e => e.Kind == ProjectEventKind.Paid);
        await using var db = Db();
        Assert.Equal(1, await db.StripeEvents.CountAsync(e => e.Id == eventId));
    }

    [SkippableFact]
    public async Task A_manual_payment_is_refused_for_an_amount_other_than_the_quote_or_before_approval()
    {
        var (project, seed) = await ApprovedAsync();
        var engineer = seed.Engineer.AsActor();
        var wrong = await Fulfilment().FulfilAsync(new PaymentConfirmation(project.Id, PaymentMethod.Manual, null, 1, "EUR", null, engineer));
        Assert.Equal(PaymentOutcomeKind.Refused, wrong.Kind);

        var draft = seed.ProjectB; // still a draft
        var early = await Fulfilment().FulfilAsync(new PaymentConfirmation(draft.Id, PaymentMethod.Manual, null, draft.QuoteMinor, draft.Currency, null, engineer));
        Assert.Equal(PaymentOutcomeKind.Refused, early.Kind);
        Assert.Contains("only after the client approves", early.Message);
        Assert.Empty((await ReloadAsync(project.Id)).Payments);
        Assert.Empty((await ReloadAsync(draft.Id)).Payments);
    }
}
