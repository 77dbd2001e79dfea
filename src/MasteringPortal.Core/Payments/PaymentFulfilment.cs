using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Payments;

/// <summary>What a provider or the engineer says about a payment.</summary>
/// <param name="ExternalId">The Stripe Checkout Session id; null for a manual payment.</param>
/// <param name="AmountMinor">What was actually paid, as the provider reports it (never a figure from the browser).</param>
/// <param name="Reference">How it was paid, in the engineer's words ("bank transfer 30 Nov"), or the provider's payment id.</param>
/// <param name="PaymentId">For a card payment: the portal's payment row the checkout was made for (the session's metadata).</param>
/// <param name="PaymentIntentId">For a card payment: Stripe's PaymentIntent, which refunds and disputes name later.</param>
public sealed record PaymentConfirmation(
    Guid ProjectId,
    PaymentMethod Method,
    string? ExternalId,
    long AmountMinor,
    string Currency,
    string? Reference,
    WorkflowActor Actor,
    Guid? PaymentId = null,
    string? PaymentIntentId = null);

public enum PaymentOutcomeKind
{
    /// <summary>This call recorded the payment and moved the project to Paid.</summary>
    Paid,
    /// <summary>The project was already paid by this payment (a second call, a replay): nothing changed.</summary>
    AlreadyPaid,
    /// <summary>The checkout is complete but the money is on its way (a bank debit): fulfilment waits for Stripe's next event.</summary>
    Waiting,
    /// <summary>The payment failed and is recorded as such.</summary>
    Failed,
    /// <summary>This Stripe event was taken in before; it is acknowledged and ignored.</summary>
    Replayed,
    /// <summary>Not about a checkout this portal made (another Stripe surface of the account, a forged reference): logged and ignored.</summary>
    Ignored,
    /// <summary>Money received earlier went back (a refund) or is being taken back (a dispute): the masters are locked again.</summary>
    Reversed,
    /// <summary>Nothing was recorded: the reason is in the message (not the quote's amount, no such project, not allowed).</summary>
    Refused,
}

public sealed record PaymentOutcome(PaymentOutcomeKind Kind, string Message, Guid? PaymentId = null)
{
    public bool IsPaid => Kind is PaymentOutcomeKind.Paid or PaymentOutcomeKind.AlreadyPaid;
}

/// <summary>
/// The one place where money becomes "paid", part of the command path. The Stripe webhook, the Checkout success page and the
/// engineer's "mark as paid" all come here, so a payment is fulfilled the same way whoever reports it first.
/// Every call works on a fresh DbContext and saves ONE SaveChanges: the payment row, the project's move to
/// Paid with its timeline event and, for a webhook, the Stripe event's id. Calls at the same moment (the
/// webhook and the success page for one session) are made safe by the database, not by locks in this
/// process: the project's concurrency token lets only one move it to Paid, the unique Checkout Session id
/// lets only one insert its payment row, and the Stripe event id is a primary key. The loser of such a race
/// reads everything again and finds the work done. After the save the change is published on the project change
/// feed, so open pages (and the review hub's relay) learn of it at once, whoever reported the payment.
/// A card payment is only ever one the portal asked for: the Checkout Session's id and its <c>payment_id</c> must
/// both name a payment row of that project (the row is made before Stripe is asked, <see cref="OursFor"/>), for the
/// quote's amount in the quote's currency. Anything else on the same Stripe account is ignored.
/// </summary>
public sealed partial class PaymentFulfilment(IDbContextFactory<PortalDbContext> dbFactory, ProjectWorkflow workflow, IProjectChangeFeed changes,
    TimeProvider clock, ILogger<PaymentFulfilment> logger)
{
    const int Attempts = 6;

    /// <summary>Records money received; idempotent per Checkout Session and per project for manual payments.</summary>
    /// <param name="received">The Stripe event that said so, recorded in the same save; null for the success page and manual payments.</param>
    public Task<PaymentOutcome> FulfilAsync(PaymentConfirmation confirmation, StripeEventRecord? received = null, CancellationToken ct = default) =>
        RunAsync(confirmation.ProjectId, received, ct, (db, project) => Fulfil(db, project, confirmation));

    /// <summary>
    /// A Checkout Session completed without the money yet (payment_status "unpaid": a bank debit or transfer).
    /// The payment stays Pending; a later success or failure event settles it. An earlier settlement is never undone.
    /// </summary>
    public Task<PaymentOutcome> RecordWaitingAsync(PaymentConfirmation confirmation, StripeEventRecord? received = null, CancellationToken ct = default) =>
        RunAsync(confirmation.ProjectId, received, ct, (db, project) =>
        {
            if (OursFor(project, confirmation) is not { } payment) return NotOurs(confirmation);
            if (payment.Status != PaymentStatus.Pending)
                return new PaymentOutcome(payment.Status == PaymentStatus.Paid ? PaymentOutcomeKind.AlreadyPaid : PaymentOutcomeKind.Failed,
                    "This payment was settled already.", payment.Id);
            Note(project, $"Payment of {new Money(confirmation.AmountMinor, confirmation.Currency)} started; the bank has not confirmed it yet. " +
                          "The masters unlock when it arrives.");
            return new PaymentOutcome(PaymentOutcomeKind.Waiting, "Your payment is on its way. We unlock the masters as soon as your bank confirms it.", payment.Id);
        });

    /// <summary>An asynchronous payment (a bank debit) did not go through: the payment is Failed with the reason, and the client may pay again.</summary>
    public Task<PaymentOutcome> FailAsync(PaymentConfirmation confirmation, string reason, StripeEventRecord? received = null, CancellationToken ct = default) =>
        RunAsync(confirmation.ProjectId, received, ct, (db, project) =>
        {
            if (OursFor(project, confirmation) is not { } payment) return NotOurs(confirmation);
            if (payment.Status is PaymentStatus.Paid or PaymentStatus.Refunded or PaymentStatus.Disputed)
                return new PaymentOutcome(PaymentOutcomeKind.AlreadyPaid, "This payment was received already.", payment.Id);
            if (payment.Status == PaymentStatus.Failed)
                return new PaymentOutcome(PaymentOutcomeKind.Failed, payment.FailureReason ?? reason, payment.Id);
            payment.Status = PaymentStatus.Failed;
            payment.FailureReason = Trim(reason, 4000);
            Note(project, $"Payment of {new Money(payment.AmountMinor, payment.Currency)} failed: {reason} The client can pay again from the project page.");
            return new PaymentOutcome(PaymentOutcomeKind.Failed, reason, payment.Id);
        });

    /// <summary>Records a Stripe event that needs no change (a type the portal does not act on), so its replay is recognised too.</summary>
    public async Task<PaymentOutcome> RecordIgnoredEventAsync(StripeEventRecord received, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.StripeEvents.AnyAsync(e => e.Id == received.Id, ct)) return Replayed;
        db.StripeEvents.Add(received);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event saved by a concurrent delivery is a replay; anything else is a real failure.
            if (await SeenAsync(received.Id, ct)) return Replayed;
            throw;
        }
        return new PaymentOutcome(PaymentOutcomeKind.Refused, $"Stripe event type {received.Type} is not used by the portal.");
    }

    static readonly PaymentOutcome Replayed = new(PaymentOutcomeKind.Replayed, "This event was received before.");

    PaymentOutcome Fulfil(PortalDbContext db, Project project, PaymentConfirmation c)
    {
        var amount = new Money(c.AmountMinor, c.Currency);
        var paidBefore = project.Payments.FirstOrDefault(p => p is { Status: PaymentStatus.Paid, Purpose: PaymentPurpose.Balance });
        var due = ProjectBalance.DueMinor(project);
        if (c.Method == PaymentMethod.Manual)
        {
            if (paidBefore is not null || project.Status >= ProjectStatus.Paid)
                return new PaymentOutcome(PaymentOutcomeKind.AlreadyPaid, "This project is paid already.", paidBefore?.Id);
            if (c.AmountMinor != due || !SameCurrency(c.Currency, project.Currency))
                return new PaymentOutcome(PaymentOutcomeKind.Refused, due == project.QuoteMinor
                    ? $"The amount recorded ({amount}) is not the project's price ({new Money(project.QuoteMinor, project.Currency)})."
                    : $"The amount recorded ({amount}) is not what is due ({new Money(due, project.Currency)}: the price less the deposit paid).");
            try
            {
                workflow.MarkPaid(project, c.Actor, c.Reference);
            }
            catch (WorkflowException refused)
            {
                return new PaymentOutcome(PaymentOutcomeKind.Refused, refused.Message);
            }
            var manual = NewPayment(project, c);
            Settle(manual, c);
            db.Payments.Add(manual);
            return new PaymentOutcome(PaymentOutcomeKind.Paid, "Marked as paid.", manual.Id);
        }

        if (OursFor(project, c) is not { } payment) return NotOurs(c);
        if (payment.Status is PaymentStatus.Paid or PaymentStatus.Refunded or PaymentStatus.Disputed)
            return new PaymentOutcome(PaymentOutcomeKind.AlreadyPaid, "This payment was received already.", payment.Id);
        if (payment.Purpose == PaymentPurpose.Deposit) return FulfilDeposit(project, payment, c);
        // The session was created by the server with the project's price; a different amount or currency means the
        // session was changed, or the price changed after checkout started: the engineer decides.
        if (c.AmountMinor != payment.AmountMinor || !SameCurrency(c.Currency, payment.Currency)
            || c.AmountMinor != due || !SameCurrency(c.Currency, project.Currency))
        {
            logger.LogError("Checkout Session {SessionId} of project {ProjectId} paid {Paid}, but {Expected} was asked",
                c.ExternalId, project.Id, amount, new Money(payment.AmountMinor, payment.Currency));
            payment.FailureReason = $"Stripe reported {amount}, not the {new Money(payment.AmountMinor, payment.Currency)} asked for.";
            StudioNote(project, $"A card payment of {amount} arrived, but the checkout asked for {new Money(payment.AmountMinor, payment.Currency)}. " +
                                "The project is not marked as paid: check the payment in the Stripe dashboard.");
            return new PaymentOutcome(PaymentOutcomeKind.Refused, "The amount paid does not match the amount asked for; the studio will be in touch.", payment.Id);
        }
        Settle(payment, c);
        if (paidBefore is not null || project.Status >= ProjectStatus.Paid)
        {
            StudioNote(project, $"A second payment of {amount} was received (Stripe checkout {c.ExternalId}) for a project already paid. Refund it in the Stripe dashboard.");
            logger.LogWarning("Project {ProjectId} was paid twice (Checkout Session {SessionId})", project.Id, c.ExternalId);
            return new PaymentOutcome(PaymentOutcomeKind.AlreadyPaid, "This project is paid already.", payment.Id);
        }
        if (project.Status == ProjectStatus.Approved)
        {
            workflow.MarkPaid(project, c.Actor, c.Reference);
        }
        else
        {
            // Money arrived in a state the workflow cannot move from (the checkout is offered on approval only).
            StudioNote(project, $"A card payment of {amount} was received while the project is {project.Status}; check it in the Stripe dashboard.");
            logger.LogWarning("Project {ProjectId} was paid while {Status}", project.Id, project.Status);
        }
        return new PaymentOutcome(PaymentOutcomeKind.Paid, "Payment received. Thank you!", payment.Id);
    }

    /// <summary>
    /// A deposit arrived (asked for when the client went ahead after a sample master): recorded, and the project submitted
    /// with the mix in place, in the same save. A deposit for a project that went ahead meanwhile is kept and noted for
    /// the engineer (it still counts against the balance).
    /// </summary>
    PaymentOutcome FulfilDeposit(Project project, Payment payment, PaymentConfirmation c)
    {
        var amount = new Money(c.AmountMinor, c.Currency);
        if (c.AmountMinor != payment.AmountMinor || !SameCurrency(c.Currency, payment.Currency))
        {
            logger.LogError("Deposit session {SessionId} of project {ProjectId} paid {Paid}, but {Expected} was asked",
                c.ExternalId, project.Id, amount, new Money(payment.AmountMinor, payment.Currency));
            payment.FailureReason = $"Stripe reported {amount}, not the {new Money(payment.AmountMinor, payment.Currency)} asked for.";
            StudioNote(project, $"A deposit of {amount} arrived, but the checkout asked for {new Money(payment.AmountMinor, payment.Currency)}. " +
                                "The project was not started: check the payment in the Stripe dashboard.");
            return new PaymentOutcome(PaymentOutcomeKind.Refused, "The amount paid does not match the deposit asked for; the studio will be in touch.", payment.Id);
        }
        Settle(payment, c);
        workflow.Note(project, WorkflowActor.System, $"Deposit of {amount} received.", ProjectEventKind.DepositPaid);
        if (ProjectWorkflow.WhyNotCommit(project, WorkflowActor.System) is { } why)
        {
            StudioNote(project, $"A deposit of {amount} arrived, but the project could not go ahead by it: {why}");
            return new PaymentOutcome(PaymentOutcomeKind.Paid, "Deposit received. Thank you!", payment.Id);
        }
        workflow.CommitAfterSample(project, project.Studio!, WorkflowActor.System);
        return new PaymentOutcome(PaymentOutcomeKind.Paid, "Deposit received: your project is submitted and your engineer has been told.", payment.Id);
    }

    /// <summary>
    /// The project's card payment this Checkout Session was made for, or null when the session is not the portal's: the
    /// session's <c>payment_id</c> names the row and the row holds the session's id. The checkout saves the row before it
    /// asks Stripe and the session id once Stripe answers; an event that comes in between finds the id empty and fills it.
    /// </summary>
    static Payment? OursFor(Project project, PaymentConfirmation c)
    {
        if (c.PaymentId is not { } id || string.IsNullOrEmpty(c.ExternalId)) return null;
        var payment = project.Payments.FirstOrDefault(p => p.Id == id && p.Method == PaymentMethod.Stripe);
        if (payment is null) return null;
        if (payment.ExternalId is null && payment.Status == PaymentStatus.Pending) payment.ExternalId = c.ExternalId;
        return payment.ExternalId == c.ExternalId ? payment : null;
    }

    PaymentOutcome NotOurs(PaymentConfirmation c)
    {
        logger.LogWarning("Checkout Session {SessionId} (payment {PaymentId}) names project {ProjectId} but is not a checkout the portal made; ignored",
            c.ExternalId, c.PaymentId, c.ProjectId);
        return new PaymentOutcome(PaymentOutcomeKind.Ignored, "This payment is not one the portal asked for.");
    }

    static Payment NewPayment(Project project, PaymentConfirmation c) => new()
    {
        ProjectId = project.Id,
        AmountMinor = c.AmountMinor,
        Currency = c.Currency.ToUpperInvariant(),
        Method = c.Method,
        Status = PaymentStatus.Pending,
    };

    void Settle(Payment payment, PaymentConfirmation c)
    {
        payment.Status = PaymentStatus.Paid;
        payment.PaidAt = clock.GetUtcNow();
        payment.FailureReason = null;
        if (!string.IsNullOrWhiteSpace(c.Reference)) payment.Reference = Trim(c.Reference.Trim(), 500);
        if (!string.IsNullOrWhiteSpace(c.PaymentIntentId)) payment.PaymentIntentId = Trim(c.PaymentIntentId, 255);
    }

    void Note(Project project, string text) => workflow.Note(project, WorkflowActor.System, Trim(text, 4000));

    /// <summary>A line for the engineer only: what to check or do about a payment.</summary>
    void StudioNote(Project project, string text) =>
        workflow.Note(project, WorkflowActor.System, Trim(text, 4000), audience: EventAudience.Studio);

    /// <summary>
    /// Loads the project with its payments on a fresh context, applies <paramref name="change"/>, adds the Stripe
    /// event record and saves; a concurrency conflict or a lost insert race starts again from a fresh read.
    /// </summary>
    async Task<PaymentOutcome> RunAsync(Guid projectId, StripeEventRecord? received, CancellationToken ct,
        Func<PortalDbContext, Project, PaymentOutcome> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (received is not null && await db.StripeEvents.AnyAsync(e => e.Id == received.Id, ct)) return Replayed;
            // The studio and the revisions are needed when a deposit submits the project (its quote, its posted sample).
            var project = await db.Projects.Include(p => p.Studio).Include(p => p.Tracks).ThenInclude(t => t.Revisions).Include(p => p.Payments)
                .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == projectId, ct);
            if (project is null)
                return new PaymentOutcome(PaymentOutcomeKind.Refused, "There is no such project.");
            var outcome = change(db, project);
            if (received is not null) db.StripeEvents.Add(Copy(received));
            try
            {
                await db.SaveChangesAsync(ct);
                await PublishAsync(projectId, outcome);
                return outcome;
            }
            catch (DbUpdateException e) when (attempt < Attempts)
            {
                // Someone else paid, settled or recorded this event at the same moment: read it all again.
                logger.LogInformation(e is DbUpdateConcurrencyException ? null : e,
                    "Payment of project {ProjectId} changed meanwhile (attempt {Attempt}); reading it again", projectId, attempt);
                if (received is not null && await SeenAsync(received.Id, ct)) return Replayed;
            }
        }
    }

    async Task PublishAsync(Guid projectId, PaymentOutcome outcome)
    {
        if (outcome.Kind == PaymentOutcomeKind.Replayed) return;
        var change = outcome.Kind == PaymentOutcomeKind.Paid
            ? new ProjectChange(projectId, ProjectChangeKind.Payment, outcome.PaymentId, clock.GetUtcNow())
            : new ProjectChange(projectId, ProjectChangeKind.Project, null, clock.GetUtcNow());
        try
        {
            await changes.PublishAsync(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Publishing the payment change of project {ProjectId} failed", projectId);
        }
    }

    async Task<bool> SeenAsync(string eventId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StripeEvents.AnyAsync(e => e.Id == eventId, ct);
    }

    /// <summary>A new row per attempt: a context that failed to save must not hand its tracked entity to the next.</summary>
    static StripeEventRecord Copy(StripeEventRecord e) => new() { Id = e.Id, Type = e.Type, CheckoutSessionId = e.CheckoutSessionId, ReceivedAt = e.ReceivedAt };

    static bool SameCurrency(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
