namespace MasteringPortal.Web.Hosting;

/// <summary>
/// Every refusal under <c>/api</c> carries a problem document with a sentence the page can show. The features' own
/// refusals already do; this covers what the framework answers before an endpoint runs, with no body at all: a JSON
/// body that cannot be read (cut short, a number where a name belongs, a number too large), an address no endpoint
/// has, a method an address does not take. Left bodiless, those would reach the status-code pages and be answered
/// with an HTML page, or, for a POST carrying the upload script's token, fail on the page's form reading with a 500.
/// </summary>
public static class ApiRefusals
{
    /// <summary>Inside the status-code pages, so the problem is written before they look at the answer.</summary>
    public static WebApplication UseApiRefusals(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PortalApi.Prefix), api => api.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.HasStarted || response.StatusCode < 400 || response.ContentLength is not null || !string.IsNullOrEmpty(response.ContentType))
                return;
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            var (title, detail) = Explain(response.StatusCode);
            await TypedResults.Problem(statusCode: response.StatusCode, title: title, detail: detail,
                extensions: new Dictionary<string, object?> { ["retry"] = false }).ExecuteAsync(context);
        }));
        // Outside /api, a page answers only GET: a POST (or any other method) to an address with no page, or to a page
        // that does not take it, gets a short plain answer. Re-executing the not-found page for it would run that page's
        // form handling on a request that is not its form, and fail with a 500.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(PortalApi.Prefix)
                               && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method),
            pages => pages.Use(async (context, next) =>
            {
                if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
                await next(context);
                var response = context.Response;
                if (response.HasStarted || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
                    || response.ContentLength is not null || !string.IsNullOrEmpty(response.ContentType))
                    return;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("There is nothing to send here. Please go back and reload the page.");
            }));
        return app;
    }

    static (string Title, string Detail) Explain(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("Request not understood",
            "The portal could not read this request. Please reload the page and try again; if it keeps happening, tell your engineer."),
        StatusCodes.Status401Unauthorized => ("Signed out", "You are not signed in (or your session has ended). Please sign in again."),
        StatusCodes.Status403Forbidden => ("Not allowed", "Your account may not do this."),
        StatusCodes.Status404NotFound => ("Not found", "There is nothing at this address. Please reload the page."),
        StatusCodes.Status405MethodNotAllowed => ("Not possible here", "This address does not take this kind of request."),
        StatusCodes.Status411LengthRequired => ("Length missing", "The request did not say how long it is. Please try again."),
        StatusCodes.Status413PayloadTooLarge => ("Too large", "This request is larger than the portal takes in one piece."),
        StatusCodes.Status415UnsupportedMediaType => ("Request not understood",
            "The portal could not read this request (it was not sent as the page sends it). Please reload the page and try again."),
        _ => ("Refused", $"The portal refused this request (status {status}). Please reload the page and try again."),
    };
}
