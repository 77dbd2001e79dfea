using System.Security.Claims;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Features.Account;

/// <summary>
/// An open page (a Blazor circuit) checks now and then that its user's security stamp is still the one they signed in
/// with: a removed team member, or someone who signed out everywhere or changed their password, is signed out of
/// every open page too, not only of their next request (the cookie is checked on every request, see AccountFeature).
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity,
    IConfiguration configuration) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval =>
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Account:CircuitRevalidationSeconds", 30)));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await StampMatchesAsync(users, state.User, identity.Value.ClaimsIdentity.SecurityStampClaimType);
    }

    /// <summary>Whether the signed-in user still exists, is not locked out, and has the security stamp in their claims.</summary>
    public static async Task<bool> StampMatchesAsync(UserManager<PortalUser> users, ClaimsPrincipal principal, string stampClaimType)
    {
        if (principal.Identity?.IsAuthenticated != true) return true;
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user)) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(stampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
