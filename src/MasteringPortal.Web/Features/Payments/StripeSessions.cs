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

    /// <summary>
    /// The project a session says it pays for, from the metadata only the server sets; null for a session without it.
    /// Never the <c>client_reference_id</c>: a Payment Link of the same account lets anyone put a project id there.
    /// A project id alone proves nothing either; fulfilment also matches <see cref="PaymentId"/> and the session id.
    /// </summary>
    public static Guid? ProjectId(Session session) => MetadataGuid(session, ProjectIdKey);

    /// <summary>The portal's payment row the session was made for (metadata), or null.</summary>
    public static Guid? PaymentId(Session session) => MetadataGuid(session, PaymentIdKey);

    static Guid? MetadataGuid(Session session, string key) =>
        session.Metadata is { } metadata && metadata.TryGetValue(key, out var id) && Guid.TryParse(id, out var value) ? value : null;

    /// <summary>The amount and currency as Stripe reports them: the only figures fulfilment trusts.</summary>
    public static PaymentConfirmation Confirmation(Session session, Guid projectId) => new(
        projectId,
        PaymentMethod.Stripe,
        session.Id,
        session.AmountTotal ?? 0,
        (session.Currency ?? "").ToUpperInvariant(),
        session.PaymentIntentId,
        WorkflowActor.System,
        PaymentId(session),
        session.PaymentIntentId);
}
