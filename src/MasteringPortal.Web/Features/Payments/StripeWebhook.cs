using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace MasteringPortal.Web.Features.Payments;

/// <summary>
/// <c>POST /api/payments/stripe/webhook</c>: Stripe's events, outside the Blazor circuit. The raw body is verified
/// against <c>Stripe-Signature</c> with the configured signing secret before anything is read from it; a bad or
/// missing signature gets 400 and changes nothing. Each event id is recorded once (in the same save as its
/// effect, <see cref="PaymentFulfilment"/>); a replay is acknowledged with 200 and ignored. Stripe delivers
/// events in no guaranteed order, so each handler only ever moves a payment forward: a late "completed, unpaid"
/// never undoes an earlier success or failure.
/// </summary>
public sealed class StripeWebhook(PaymentFulfilment fulfilment, IOptions<StripeOptions> options, TimeProvider clock, ILogger<StripeWebhook> logger)
{
    /// <summary>Checkout events are a few kilobytes; anything far larger is not from Stripe.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>Stripe's own default: a signature older than five minutes is refused (replay protection).</summary>
    public const long ToleranceSeconds = 300;

    public const string Path = "/api/payments/stripe/webhook";

    /// <summary>On the <c>/api</c> group, open to callers without a session: Stripe proves itself by the signature.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost(Path[MasteringPortal.Web.Hosting.PortalApi.Prefix.Length..],
                (HttpRequest request, StripeWebhook webhook, CancellationToken ct) => webhook.ReceiveAsync(request, ct))
            .AllowAnonymous().DisableAntiforgery();

    async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken ct)
    {
        if (!options.Value.CardPaymentsEnabled)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Card payments are off",
                detail: "This portal runs manual payments; it takes no Stripe events.");
        if (request.ContentLength > MaxBodyBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        var json = await ReadBodyAsync(request, ct);
        if (json is null) return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        Event stripeEvent;
        try
        {
            // API-version mismatch is not a reason to drop a payment: the fields read here are stable across versions.
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"].ToString(), options.Value.WebhookSecret,
                ToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (Exception e) when (e is StripeException or ArgumentException or Newtonsoft.Json.JsonException)
        {
            logger.LogWarning("A Stripe webhook was refused: {Reason}", e.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid signature",
                detail: "The Stripe-Signature header is missing or does not match this endpoint's signing secret.");
        }
        var outcome = await HandleAsync(stripeEvent, ct);
        return TypedResults.Ok(new { received = true, outcome = outcome.Kind.ToString() });
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxBodyBytes"/> (a chunked body has no Content-Length).</summary>
    static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Applies one verified event (also called by tests with events they built).</summary>
    public async Task<PaymentOutcome> HandleAsync(Event stripeEvent, CancellationToken ct = default)
    {
        var session = stripeEvent.Data?.Object as Session;
        var record = new StripeEventRecord
        {
            Id = stripeEvent.Id, Type = stripeEvent.Type ?? "", CheckoutSessionId = session?.Id, ReceivedAt = clock.GetUtcNow(),
        };
        if (StripeReversals.From(stripeEvent) is { } reversal)
        {
            var reversed = await fulfilment.ReverseAsync(reversal, record, ct);
            logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, reversed.Kind);
            return reversed;
        }
        if (session is null || StripeSessions.ProjectId(session) is not { } projectId)
        {
            logger.LogInformation("Stripe event {EventId} ({Type}) is not about a portal checkout; recorded and ignored", stripeEvent.Id, stripeEvent.Type);
            var recorded = await fulfilment.RecordIgnoredEventAsync(record, ct);
            return session is null || recorded.Kind == PaymentOutcomeKind.Replayed
                ? recorded
                : new PaymentOutcome(PaymentOutcomeKind.Ignored, "This checkout is not one the portal made.");
        }
        var confirmation = StripeSessions.Confirmation(session, projectId);
        var outcome = stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted when session.PaymentStatus == StripeSessions.Paid =>
                await fulfilment.FulfilAsync(confirmation, record, ct),
            EventTypes.CheckoutSessionCompleted when session.PaymentStatus == StripeSessions.Unpaid =>
                await fulfilment.RecordWaitingAsync(confirmation, record, ct),
            EventTypes.CheckoutSessionAsyncPaymentSucceeded =>
                await fulfilment.FulfilAsync(confirmation, record, ct),
            EventTypes.CheckoutSessionAsyncPaymentFailed =>
                await fulfilment.FailAsync(confirmation, "The bank did not confirm the payment.", record, ct),
            _ => await fulfilment.RecordIgnoredEventAsync(record, ct),
        };
        logger.LogInformation("Stripe event {EventId} ({Type}) for project {ProjectId}: {Outcome}", stripeEvent.Id, stripeEvent.Type, projectId, outcome.Kind);
        // The fulfilment published the change: open review pages hear of the payment at once.
        return outcome;
    }
}
