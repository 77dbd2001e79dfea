using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using PaymentMethod = MasteringPortal.Core.Domain.PaymentMethod;
using Quote = MasteringPortal.Core.Pricing.Quote;

namespace MasteringPortal.Web.Features.Payments;

/// <summary>Why a checkout could not start; the cancel page shows the words for it (a code, so a link cannot put its own text on the page).</summary>
public enum CheckoutRefusal { CardPaymentsOff, EngineerCannotPay, AlreadyPaid, NotApproved, NoPrice, StripeUnavailable, PaymentProcessing, NoSampleYet, NoDeposit }

/// <summary>What came of asking for a checkout: Stripe's page to go to, or why not.</summary>
public sealed record CheckoutStart(string? RedirectUrl, CheckoutRefusal? Refusal, bool NotFound = false)
{
    public static readonly CheckoutStart Missing = new(null, null, NotFound: true);

    public static CheckoutStart Refused(CheckoutRefusal why) => new(null, why);

    public static string Message(CheckoutRefusal why) => why switch
    {
        CheckoutRefusal.CardPaymentsOff => "Card payments are not set up for this studio. Please pay as described on the project page.",
        CheckoutRefusal.EngineerCannotPay => "The client pays from their own sign-in; as the engineer, mark the project paid when the money arrives.",
        CheckoutRefusal.AlreadyPaid => "This project is paid already.",
        CheckoutRefusal.NotApproved => "Payment opens once every track is approved.",
        CheckoutRefusal.NoPrice => "This project has no price yet. Please ask your engineer.",
        CheckoutRefusal.PaymentProcessing => "Your bank payment is still on its way, so there is nothing to pay now. The masters unlock as soon as it arrives.",
        CheckoutRefusal.NoSampleYet => "There is no sample to go ahead with yet: your engineer posts it first.",
        CheckoutRefusal.NoDeposit => "The studio asks no deposit: go ahead from the project page.",
        _ => "Card payment is not available right now. Please try again in a few minutes, or pay as described on the project page.",
    };
}

/// <summary>
/// Card payment through Stripe Checkout (hosted page, payment mode). The amount is the project's quote as the
/// database holds it: the browser only says which project, never how much. The project and the portal's
/// payment id go into the session's metadata, so the webhook knows what a payment is for.
/// </summary>
public sealed class StripeCheckout(
    IDbContextFactory<PortalDbContext> dbFactory,
    Lazy<IStripeClient> stripe,
    IOptions<StripeOptions> options,
    PaymentFulfilment fulfilment,
    TimeProvider clock,
    ILogger<StripeCheckout> logger)
{
    public bool Enabled => options.Value.CardPaymentsEnabled;

    /// <summary>Made on first use: the client exists only when card payments are on (it needs the secret key).</summary>
    SessionService Sessions => new(stripe.Value);

    public static string SuccessPath(Guid projectId) => $"/projects/{projectId}/payment/success";
    public static string CancelPath(Guid projectId) => $"/projects/{projectId}/payment/cancelled";

    /// <summary>
    /// A Checkout Session for the client's approved, unpaid project; an open session made earlier for the same
    /// amount is reused, so two clicks (or two tabs) never lead to two charges.
    /// </summary>
    /// <param name="returnBase">The portal's own address ("https://portal.example"), for Stripe's return links.</param>
    public async Task<CheckoutStart> StartAsync(ClaimsPrincipal principal, Guid projectId, string returnBase, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        var project = await db.VisibleProjects(viewer).Include(p => p.Client).Include(p => p.Payments).Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        // Someone who may not see the project hears "not found" whatever the studio's payment settings.
        if (project is null || viewer is null) return CheckoutStart.Missing;
        if (!Enabled) return CheckoutStart.Refused(CheckoutRefusal.CardPaymentsOff);
        if (viewer.IsTeam) return CheckoutStart.Refused(CheckoutRefusal.EngineerCannotPay);
        var studio = await db.Studios.AsNoTracking().FirstAsync(s => s.Id == project.StudioId, ct);
        var quote = Quote.For(studio, project, project.Tracks.Count);

        // What is asked for: the deposit to go ahead after a sample master, or on approval the balance (quote less deposits).
        PaymentPurpose purpose;
        long amount;
        string product, description;
        if (ProjectWorkflow.IsOpenSample(project))
        {
            if (ProjectWorkflow.WhyNotCommit(project, viewer.AsActor()) is not null) return CheckoutStart.Refused(CheckoutRefusal.NoSampleYet);
            (purpose, amount) = (PaymentPurpose.Deposit, ProjectWorkflow.SampleDeposit(studio, project).AmountMinor);
            if (amount <= 0) return CheckoutStart.Refused(CheckoutRefusal.NoDeposit);
            (product, description) = ($"Deposit: mastering of {project.Title}", $"{Math.Clamp(studio.SampleDepositPercent, 0, 100)} % of {quote.Total}; the rest is due on approval");
        }
        else
        {
            // Paid, or the balance already received in a state that could not move to Paid: never ask for it twice.
            if (project.IsPaid() || ProjectBalance.BalanceReceived(project))
                return CheckoutStart.Refused(CheckoutRefusal.AlreadyPaid);
            if (project.Status != ProjectStatus.Approved)
                return CheckoutStart.Refused(CheckoutRefusal.NotApproved);
            (purpose, amount) = (PaymentPurpose.Balance, ProjectBalance.DueMinor(project));
            if (amount <= 0) return CheckoutStart.Refused(CheckoutRefusal.NoPrice);
            var deposits = ProjectBalance.DepositsPaidMinor(project);
            (product, description) = ($"Mastering: {project.Title}",
                deposits > 0 ? $"{new Money(project.QuoteMinor, project.Currency)} less the deposit of {new Money(deposits, project.Currency)}"
                : quote.TotalMinor == project.QuoteMinor ? quote.ToString() : $"{studio.Name}, as agreed");
        }

        var (reusable, processing) = await OpenSessionAsync(project, amount, ct);
        if (processing) return CheckoutStart.Refused(CheckoutRefusal.PaymentProcessing);
        if (reusable is not null) return new(reusable, null);

        var paymentId = Guid.CreateVersion7();
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = project.Id.ToString(),
            CustomerEmail = string.IsNullOrWhiteSpace(project.Client?.Email) ? null : project.Client.Email,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = project.Currency.ToLowerInvariant(),
                        UnitAmount = amount,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = product, Description = description },
                    },
                },
            ],
            Metadata = new Dictionary<string, string>
            {
                [StripeSessions.ProjectIdKey] = project.Id.ToString(),
                [StripeSessions.PaymentIdKey] = paymentId.ToString(),
            },
            SuccessUrl = returnBase.TrimEnd('/') + SuccessPath(project.Id) + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = returnBase.TrimEnd('/') + CancelPath(project.Id),
        };
        // The payment row exists before Stripe is asked, so every event about this session finds the payment it
        // was made for (fulfilment accepts no other); the session id is added once Stripe answers.
        var payment = new Payment
        {
            Id = paymentId, ProjectId = project.Id, AmountMinor = amount, Currency = project.Currency,
            Method = PaymentMethod.Stripe, Purpose = purpose, Status = PaymentStatus.Pending, CreatedAt = clock.GetUtcNow(),
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
        Session session;
        try
        {
            session = await Sessions.CreateAsync(create, new RequestOptions { IdempotencyKey = paymentId.ToString() }, ct);
        }
        catch (StripeException e)
        {
            logger.LogError(e, "Creating a Stripe Checkout Session for project {ProjectId} failed", project.Id);
            db.Payments.Remove(payment);
            await db.SaveChangesAsync(CancellationToken.None);
            return CheckoutStart.Refused(CheckoutRefusal.StripeUnavailable);
        }
        // Only the session id is written: an event that arrived meanwhile may have settled the row already.
        payment.ExternalId = session.Id;
        await db.SaveChangesAsync(CancellationToken.None);
        return new(session.Url, null);
    }

    /// <summary>
    /// The newest pending card payment's session: its page when it is still open for the same amount (shown again),
    /// or "processing" when it was completed with a bank payment still on its way (paying again would charge twice).
    /// </summary>
    async Task<(string? Url, bool Processing)> OpenSessionAsync(Project project, long amount, CancellationToken ct)
    {
        var pending = project.Payments
            .Where(p => p is { Method: PaymentMethod.Stripe, Status: PaymentStatus.Pending, ExternalId: not null } && p.AmountMinor == amount)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefault();
        if (pending is null) return (null, false);
        try
        {
            var session = await Sessions.GetAsync(pending.ExternalId, cancellationToken: ct);
            if (session is { Status: "complete", PaymentStatus: StripeSessions.Unpaid }) return (null, true);
            return (session is { Status: "open", Url: not null } && session.AmountTotal == amount ? session.Url : null, false);
        }
        catch (StripeException e)
        {
            logger.LogWarning(e, "Reading Checkout Session {SessionId} failed; a new one is made", pending.ExternalId);
            return (null, false);
        }
    }

    /// <summary>
    /// The success page: Stripe sent the client back with the session id. The session is read from Stripe (the
    /// id in the address proves nothing by itself) and, when paid, fulfilled through the same function as the
    /// webhook; whichever of the two comes first records the payment, the other finds it done.
    /// </summary>
    /// <returns>Null when the user may not see the project or the session is not this project's.</returns>
    public async Task<PaymentOutcome?> ConfirmReturnAsync(ClaimsPrincipal principal, Guid projectId, string? sessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(sessionId)) return null;
        Payment? payment;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var viewer = await db.ViewerAsync(principal, ct);
            if (!await db.CanViewAsync(viewer, projectId, ct)) return null;
            payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.ProjectId == projectId && p.ExternalId == sessionId, ct);
        }
        // Only sessions this portal made for this project are looked up at Stripe.
        if (payment is null) return null;
        if (payment.Status == PaymentStatus.Paid) return new(PaymentOutcomeKind.AlreadyPaid, "Payment received. Thank you!", payment.Id);
        if (!Enabled) return new(PaymentOutcomeKind.Waiting, "We have not heard from the payment provider yet.", payment.Id);
        Session session;
        try
        {
            session = await Sessions.GetAsync(sessionId, cancellationToken: ct);
        }
        catch (StripeException e)
        {
            logger.LogWarning(e, "Reading Checkout Session {SessionId} on the success page failed", sessionId);
            return new(PaymentOutcomeKind.Waiting, "We could not check your payment just now. It is recorded as soon as Stripe tells us; reload this page in a minute.", payment.Id);
        }
        if (StripeSessions.ProjectId(session) != projectId) return null;
        if (session.PaymentStatus == StripeSessions.Paid)
        {
            // The fulfilment publishes the change: open review pages then play the masters, not the previews.
            return await fulfilment.FulfilAsync(StripeSessions.Confirmation(session, projectId), received: null, ct);
        }
        if (payment.Status == PaymentStatus.Failed)
            return new(PaymentOutcomeKind.Failed, payment.FailureReason ?? "The payment did not go through.", payment.Id);
        return session.Status == "complete"
            ? new(PaymentOutcomeKind.Waiting, "Your payment is on its way. We unlock the masters as soon as your bank confirms it; you will see it on the project page.", payment.Id)
            : new(PaymentOutcomeKind.Refused, "This checkout was not completed, so nothing was charged.", payment.Id);
    }
}
