namespace MasteringPortal.Core.Domain;

public enum PaymentMethod { Manual, Stripe }
/// <summary>
/// Where a payment stands. Refunded and Disputed follow Paid: the money went back to the payer (the engineer refunded it)
/// or the payer's bank is taking it back (a chargeback), and the masters are locked again.
/// </summary>
public enum PaymentStatus { Pending, Paid, Failed, Refunded, Disputed }

/// <summary>
/// What a payment is for: the project's price (what is still due of it), or a deposit the studio asks for when a client
/// goes ahead after a sample master (Studio.SampleDepositPercent).
/// </summary>
public enum PaymentPurpose { Balance, Deposit }

/// <summary>A payment for a project. The amount always comes from the server's quote, never from the browser.</summary>
public class Payment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public PaymentMethod Method { get; set; }
    public PaymentPurpose Purpose { get; set; }
    public PaymentStatus Status { get; set; } = PaymentStatus.Pending;

    /// <summary>The payment provider's id (Stripe Checkout Session id); unique when present.</summary>
    public string? ExternalId { get; set; }
    /// <summary>Stripe's PaymentIntent behind the Checkout Session: refunds and disputes name it, not the session.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>Why the payment failed, in words for the client (an async bank payment that bounced).</summary>
    public string? FailureReason { get; set; }

    /// <summary>Who recorded a manual payment, and how ("bank transfer 2026-11-30").</summary>
    public string? Reference { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? PaidAt { get; set; }
}
