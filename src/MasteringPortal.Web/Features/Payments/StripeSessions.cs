using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Workflow;
using Stripe.Checkout;

namespace MasteringPortal.Web.Features.Payments;

/// <summary>What the portal reads from a Stripe Checkout Session: whose project it pays and what was paid.</summary>
public static class StripeSessions
{
    /// <summary>Metadata keys the portal puts on every Checkout Session it creates.</summary>
    public const string ProjectIdKey = "project_id", PaymentIdKey = "payment_id";

    /// <summary>Stripe's payment_status values (docs.stripe.com/api/checkout/sessions/object).</summary>
    public const string Paid = "paid", Unpaid = "unpaid";

    /// <summary>The project a session pays for, from its metadata (or the client reference id); null for a session the portal did not make.</summary>
    public static Guid? ProjectId(Session session)
    {
        if (session.Metadata is { } metadata && metadata.TryGetValue(ProjectIdKey, out var id) && Guid.TryParse(id, out var fromMetadata))
            return fromMetadata;
        return Guid.TryParse(session.ClientReferenceId, out var fromReference) ? fromReference : null;
    }

    /// <summary>The amount and currency as Stripe reports them: the only figures fulfilment trusts.</summary>
    public static PaymentConfirmation Confirmation(Session session, Guid projectId) => new(
        projectId,
        PaymentMethod.Stripe,
        session.Id,
        session.AmountTotal ?? 0,
        (session.Currency ?? "").ToUpperInvariant(),
        session.PaymentIntentId,
        WorkflowActor.System);
}
