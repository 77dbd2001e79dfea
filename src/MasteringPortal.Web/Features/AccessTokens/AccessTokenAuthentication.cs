using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.AccessTokens;

/// <summary>
/// The portal's authentication: one policy scheme in front of two. A request under <c>/api</c> that carries
/// <c>Authorization: Bearer …</c> is read by <see cref="AccessTokenHandler"/>; everything else (pages, the Blazor
/// circuit, the hubs, and /api requests from the browser) by Identity's sign-in cookie. So a token opens the API
/// and nothing else.
/// </summary>
public static class AccessTokenAuthentication
{
    /// <summary>The token scheme's name, also the <see cref="System.Security.Claims.ClaimsIdentity.AuthenticationType"/> of its principals.</summary>
    public const string Scheme = "AccessToken";
    public const string CookieOrToken = "CookieOrAccessToken";

    /// <summary>The claim that names the token a request came with.</summary>
    public const string TokenIdClaim = "mp:access_token_id";

    public static IServiceCollection AddAccessTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(Scheme, displayName: "Personal access token", null)
            .AddPolicyScheme(CookieOrToken, displayName: null, options => options.ForwardDefaultSelector = context =>
                CarriesToken(context.Request) ? Scheme : IdentityConstants.ApplicationScheme);
        // After Identity's own defaults (cookie for everything), whatever order the features were added in.
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = CookieOrToken;
            options.DefaultAuthenticateScheme = CookieOrToken;
            options.DefaultChallengeScheme = CookieOrToken;
            options.DefaultForbidScheme = CookieOrToken;
        });
        return services;
    }

    /// <summary>Only /api requests are ever read as token requests: pages and hubs ignore the header.</summary>
    public static bool CarriesToken(HttpRequest request) =>
        request.Path.StartsWithSegments(Hosting.PortalApi.Prefix)
        && request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this request was signed in by a token rather than the cookie.</summary>
    public static bool IsTokenRequest(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: Scheme };
}

/// <summary>Why the request's token was refused, in words for the person at the desk; set by <see cref="AccessTokenHandler"/>.</summary>
public sealed record AccessTokenRefusal(string Message);
