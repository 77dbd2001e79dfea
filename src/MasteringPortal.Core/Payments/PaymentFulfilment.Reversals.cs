using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Core.Payments;

/// <summary>How money received went back.</summary>
public enum PaymentReversalKind
{
    /// <summary>The engineer refunded it (all of it, or part: <see cref="PaymentReversal.Full"/>).</summary>
    Refund,
    /// <summary>The payer's bank opened a chargeback.</summary>
    Dispute,
}

/// <summary>A refund or a dispute as Stripe reports it, about the PaymentIntent a card payment was made with.</summary>
/// <param name="Full">For a refund: the whole amount went back (a partial refund is a discount, it unlocks nothing and locks nothing).</param>
public sealed record PaymentReversal(string PaymentIntentId, PaymentReversalKind Kind, long AmountMinor, string Currency, bool Full, string? Reason);

public sealed partial class PaymentFulfilment
{
    /// <summary>
    /// Money the portal recorded went back. A full refund or any dispute marks the payment Refunded or Disputed and locks
    /// the client's full-resolution masters again (<see cref="Project.PaymentReversed"/>); the project stays Paid, so its
    /// history reads as it happened. The client's timeline says the payment went back; the engineer's says what to do.
    /// A PaymentIntent the portal does not know is ignored, like a checkout it did not make.
    /// </summary>
    public async Task<PaymentOutcome> ReverseAsync(PaymentReversal reversal, StripeEventRecord? received = null, CancellationToken ct = default)
    {
        Guid? projectId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            projectId = await db.Payments.AsNoTracking()
                .Where(p => p.Method == PaymentMethod.Stripe && p.PaymentIntentId == reversal.PaymentIntentId)
                .Select(p => (Guid?)p.ProjectId).FirstOrDefaultAsync(ct);
        }
        if (projectId is not { } id)
        {
            logger.LogWarning("Stripe reports a {Kind} of PaymentIntent {PaymentIntentId}, which paid no project of this portal; ignored",
                reversal.Kind, reversal.PaymentIntentId);
            return received is null
                ? new PaymentOutcome(PaymentOutcomeKind.Ignored, "This payment is not one the portal recorded.")
                : await IgnoreAsync(received, ct);
        }
        return await RunAsync(id, received, ct, (_, project) => Reverse(project, reversal));
    }

    PaymentOutcome Reverse(Project project, PaymentReversal r)
    {
        var payment = project.Payments.First(p => p.Method == PaymentMethod.Stripe && p.PaymentIntentId == r.PaymentIntentId);
        var amount = new Money(r.AmountMinor, r.Currency);
        if (r is { Kind: PaymentReversalKind.Refund, Full: false })
        {
            StudioNote(project, $"{amount} of the card payment was refunded; the rest stands, so the masters stay unlocked.");
            return new PaymentOutcome(PaymentOutcomeKind.AlreadyPaid, "A part of the payment was refunded.", payment.Id);
        }
        var status = r.Kind == PaymentReversalKind.Refund ? PaymentStatus.Refunded : PaymentStatus.Disputed;
        if (payment.Purpose == PaymentPurpose.Deposit && !ProjectCapabilities.IsPaid(project.Status))
        {
            // Nothing is unlocked by a deposit: it stops counting, so the balance due on approval grows by it again.
            if (payment.Status == status) return new PaymentOutcome(PaymentOutcomeKind.Reversed, "This was recorded already.", payment.Id);
            payment.Status = status;
            Note(project, $"The deposit of {amount} was {(status == PaymentStatus.Refunded ? "refunded" : "disputed")}; it is added back to what is due on approval.");
            return new PaymentOutcome(PaymentOutcomeKind.Reversed, status == PaymentStatus.Refunded ? "Refunded." : "Disputed.", payment.Id);
        }
        if (payment.Status == status && project.PaymentReversed)
            return new PaymentOutcome(PaymentOutcomeKind.Reversed, "This was recorded already.", payment.Id);
        payment.Status = status;
        project.PaymentReversed = true;
        if (status == PaymentStatus.Refunded)
        {
            Note(project, $"The payment of {amount} was refunded, so the full-resolution masters are locked again.");
            StudioNote(project, $"Stripe reports that the card payment of {amount} was refunded. The client can no longer download the masters; " +
                                "check the refund in the Stripe dashboard.");
        }
        else
        {
            Note(project, $"The payment of {amount} is disputed with the card issuer, so the full-resolution masters are locked until it is settled.");
            StudioNote(project, $"The client's bank opened a dispute over the card payment of {amount}" +
                                (string.IsNullOrWhiteSpace(r.Reason) ? "" : $" (reason: {r.Reason})") +
                                ". The masters are locked again; answer the dispute in the Stripe dashboard.");
        }
        logger.LogWarning("The card payment of project {ProjectId} was {Status}; masters locked again", project.Id, status);
        return new PaymentOutcome(PaymentOutcomeKind.Reversed, status == PaymentStatus.Refunded ? "Refunded." : "Disputed.", payment.Id);
    }

    async Task<PaymentOutcome> IgnoreAsync(StripeEventRecord received, CancellationToken ct)
    {
        var recorded = await RecordIgnoredEventAsync(received, ct);
        return recorded.Kind == PaymentOutcomeKind.Replayed
            ? recorded
            : new PaymentOutcome(PaymentOutcomeKind.Ignored, "This payment is not one the portal recorded.");
    }
}
