namespace MasteringPortal.Web.Features.Payments;

/// <summary>
/// The <c>Stripe</c> configuration section. With the secret key and the webhook signing secret set, clients pay
/// by card through Stripe Checkout; with either missing (the default), payments run in manual mode: the client
/// sees the amount and the studio's payment instructions, and the engineer marks the project paid.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>The server's API key ("sk_live_…" or "sk_test_…"); never sent to a browser.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The webhook endpoint's signing secret ("whsec_…") that verifies <c>Stripe-Signature</c>.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>
    /// The publishable key ("pk_…"). Hosted Checkout needs no script in the page, so the portal does not use
    /// it today; it is read so that a configuration with all three keys is complete and ready for Stripe.js.
    /// </summary>
    public string PublishableKey { get; set; } = "";

    /// <summary>Card payments are on only when both server-side secrets are set: a checkout whose webhook cannot be verified could never complete.</summary>
    public bool CardPaymentsEnabled => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
