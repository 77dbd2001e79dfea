using MasteringPortal.Core.Payments;
using MasteringPortal.Web.Hosting;
using Stripe;

namespace MasteringPortal.Web.Features.Payments;

/// <summary>
/// The payment endpoints, outside the Blazor circuit: <c>POST /api/projects/{id}/checkout</c> (the project page's
/// "Pay by card" form, antiforgery-checked) answers with a redirect to Stripe's page; the webhook is
/// <see cref="StripeWebhook"/>. Registered services: <see cref="AddPayments"/>.
/// </summary>
public static class PaymentEndpoints
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        services.AddScoped<PaymentFulfilment>();
        services.AddScoped<StripeCheckout>();
        services.AddScoped<StripeWebhook>();
        services.AddTransient(sp => new Lazy<IStripeClient>(sp.GetRequiredService<IStripeClient>));
        // Resolved only when card payments are enabled; tests replace it with a client whose HTTP never leaves the process.
        services.AddSingleton<IStripeClient>(sp =>
        {
            var key = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StripeOptions>>().Value.SecretKey;
            if (string.IsNullOrWhiteSpace(key)) throw new InvalidOperationException("Stripe:SecretKey is not set; card payments are off.");
            return new StripeClient(key, httpClient: new SystemNetHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(30) }));
        });
        return services;
    }

    /// <summary>Checkout and Stripe's webhook, on the portal's <c>/api</c> group.</summary>
    public static WebApplication MapPayments(this WebApplication app)
    {
        // The form's antiforgery field is checked by the /api filter; no other field is read on purpose: an amount
        // typed into the page changes nothing.
        app.Api().MapPost("/projects/{projectId:guid}/checkout", CheckoutAsync);
        StripeWebhook.Map(app.Api());
        return app;
    }

    static async Task<IResult> CheckoutAsync(Guid projectId, HttpContext context, StripeCheckout checkout,
        PublicAddress address, CancellationToken ct)
    {
        // Stripe's return links come from the configured address, never from the request's Host header.
        var start = await checkout.StartAsync(context.User, projectId, address.ToString(), ct);
        if (start.NotFound)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "There is no such project, or you do not have access to it.");
        if (start.RedirectUrl is { } url) return TypedResults.Redirect(url);
        // The browser came from the project page: send it back with the reason to show.
        return TypedResults.Redirect($"{StripeCheckout.CancelPath(projectId)}?problem={start.Refusal}");
    }
}
