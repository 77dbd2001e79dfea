using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Features.AccessTokens;

/// <summary>
/// Reads <c>Authorization: Bearer mp_…</c>: finds the token by the SHA-256 of its text, and signs the request in as
/// its engineer with the same claims the sign-in cookie carries (so every access rule applies unchanged), as long as
/// the token is not revoked and its user still exists, is still an engineer, and is still in the token's studio.
/// A refusal is left as an <see cref="AccessTokenRefusal"/> for the /api filter to say in its 401.
/// </summary>
public sealed class AccessTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<PortalDbContext> dbFactory, UserManager<PortalUser> users, IUserClaimsPrincipalFactory<PortalUser> claims,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Last use is written at most this often, so a busy script does not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public const string NotValid = "This access token is not valid. Check that it was copied whole, or create a new one on your account page.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var text = header["Bearer ".Length..].Trim();
        if (!AccessTokenSecrets.IsWellFormed(text)) return Refuse(NotValid);

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var hash = AccessTokenSecrets.Hash(text);
        var token = await db.AccessTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (token is null) return Refuse(NotValid);
        if (token.RevokedAt is { } revoked)
            return Refuse($"This access token (\"{token.Name}\") was revoked on {revoked.UtcDateTime.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");
        var viewer = await db.ViewerAsync(token.UserId, Context.RequestAborted);
        if (viewer is null || !viewer.IsEngineer || viewer.StudioId != token.StudioId)
            return Refuse($"This access token (\"{token.Name}\") no longer works: its account is gone or is no longer an engineer of the studio.");
        var user = await users.FindByIdAsync(token.UserId);
        if (user is null) return Refuse(NotValid);

        await NoteUseAsync(db, token);
        var principal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(AccessTokenAuthentication.TokenIdClaim, token.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    async Task NoteUseAsync(PortalDbContext db, AccessToken token)
    {
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is { } last && now - last < LastUsedResolution) return;
        var before = now - LastUsedResolution;
        // Conditional, so two requests in the same minute write once.
        await db.AccessTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= before))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
    }

    AuthenticateResult Refuse(string message)
    {
        Context.Features.Set(new AccessTokenRefusal(message));
        return AuthenticateResult.Fail(message);
    }
}
