namespace MasteringPortal.Core.Domain;

/// <summary>
/// A Stripe webhook event the portal has already taken in, keyed by Stripe's event id, so a replayed or
/// re-delivered event is acknowledged and ignored (Stripe retries deliveries and may send one event twice). Rows are only ever added.
/// </summary>
public class StripeEventRecord
{
    /// <summary>Stripe's event id ("evt_…").</summary>
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";

    /// <summary>The Checkout Session the event was about, when it was about one.</summary>
    public string? CheckoutSessionId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; } = DateTimeOffset.UtcNow;
}
