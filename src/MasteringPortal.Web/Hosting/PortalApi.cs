using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using MasteringPortal.Web.Features.AccessTokens;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The one <c>/api</c> route group every JSON and file endpoint hangs off, with one filter: a signed-in user, and for
/// every request that changes something a valid antiforgery token (in the <c>RequestVerificationToken</c> header, or
/// the form field of a posted form), a CSRF defence on top of the cookie's SameSite=Lax. An endpoint that serves
/// callers without a portal session (Stripe's webhook, verified by its signature) says so with
/// <c>AllowAnonymous()</c> and <c>DisableAntiforgery()</c>.
/// </summary>
/// <remarks>
/// The check is a filter rather than <c>RequireAuthorization()</c>: the status-code pages would turn the bodiless 401
/// of an authorization challenge into an HTML page, while this answers with a ProblemDetails body the page scripts read.
/// </remarks>
public static class PortalApi
{
    public const string Prefix = "/api";
    const string GroupKey = "MasteringPortal.Api";

    /// <summary>Creates the group; features add their endpoints to it through <see cref="Api"/>.</summary>
    public static RouteGroupBuilder MapPortalApi(this WebApplication app)
    {
        var group = app.MapGroup(Prefix).AddEndpointFilter<PortalApiFilter>();
        ((IApplicationBuilder)app).Properties[GroupKey] = group;
        return group;
    }

    /// <summary>The <c>/api</c> group made by <see cref="MapPortalApi"/>.</summary>
    public static RouteGroupBuilder Api(this WebApplication app) =>
        ((IApplicationBuilder)app).Properties.TryGetValue(GroupKey, out var group) && group is RouteGroupBuilder api
            ? api
            : throw new InvalidOperationException("Call MapPortalApi() before mapping the features' endpoints.");
}

/// <summary>
/// The <c>/api</c> group's one check: a signed-in user, and the antiforgery token on every change made with the cookie.
/// A refused access token is answered with the handler's reason.
/// </summary>
sealed class PortalApiFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAllowAnonymous>() is null && context.User.Identity?.IsAuthenticated != true)
            return context.Features.Get<AccessTokenRefusal>() is { } refusal
                ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Access token refused", detail: refusal.Message)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signed out",
                    detail: "You are not signed in (or your session has ended). Please sign in again.");
        var safe = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (safe || metadata?.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false }) return await next(invocation);
        // A token request carries no cookie a forged page could ride on: the token is in a header no other site can set.
        if (AccessTokenAuthentication.IsTokenRequest(context)) return await next(invocation);
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Security check failed",
                detail: "This page's security token is missing or has expired. Please reload the page and try again.");
        }
        return await next(invocation);
    }
}
