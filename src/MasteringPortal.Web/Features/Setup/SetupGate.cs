namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// Before a studio exists the portal is only its set-up page: pages redirect there, <c>/api</c> and <c>/hubs</c>
/// answer 503 with a reason, and the files the set-up page itself needs (scripts, styles, <c>/health</c>) pass.
/// </summary>
public static class SetupGate
{
    public const string Path = "/setup";

    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (IsAlwaysOpen(request.Path) || await context.RequestServices.GetRequiredService<SetupState>().IsSetUpAsync(context.RequestAborted))
        {
            await next(context);
            return;
        }
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "This portal is not set up yet: its owner has to create the studio first.",
            });
            return;
        }
        context.Response.Redirect(Path);
    });

    static bool IsAlwaysOpen(PathString path) =>
        path.StartsWithSegments(Path) || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework") ||
        path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/css") ||
        path.StartsWithSegments("/js") || System.IO.Path.HasExtension(path.Value);
}
