using MasteringPortal.Core.Payments;
using Stripe;

namespace MasteringPortal.Web.Features.Payments;

/// <summary>
/// Stripe's word that money went back: <c>charge.refunded</c> (a Charge) and <c>charge.dispute.created</c> (a
/// Dispute). Both name the PaymentIntent the Checkout Session was paid with, which the portal kept with the payment.
/// </summary>
public static class StripeReversals
{
    public const string ChargeRefunded = "charge.refunded", DisputeCreated = "charge.dispute.created";

    /// <summary>The reversal an event reports, or null when it reports none (or names no PaymentIntent).</summary>
    public static PaymentReversal? From(Event stripeEvent) => (stripeEvent.Type, stripeEvent.Data?.Object) switch
    {
        (ChargeRefunded, Charge { PaymentIntentId: { Length: > 0 } intent } charge) => new PaymentReversal(intent, PaymentReversalKind.Refund,
            charge.AmountRefunded, (charge.Currency ?? "").ToUpperInvariant(), Full: charge.Refunded, Reason: null),
        (DisputeCreated, Dispute { PaymentIntentId: { Length: > 0 } intent } dispute) => new PaymentReversal(intent, PaymentReversalKind.Dispute,
            dispute.Amount, (dispute.Currency ?? "").ToUpperInvariant(), Full: true, Reason: dispute.Reason),
        _ => null,
    };
}
