using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.AccessTokens;

/// <summary>One token as its owner's list shows it: never the secret, which exists only in <see cref="CreatedAccessToken"/>.</summary>
public sealed record AccessTokenRow(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <summary>A token just made: <paramref name="Secret"/> is shown this once and stored nowhere.</summary>
public sealed record CreatedAccessToken(AccessTokenRow Row, string Secret);

/// <summary>
/// An engineer's own tokens: create, list, revoke. Only engineers have tokens; each engineer sees and revokes only
/// their own, in their current studio. Every call reads the user from the database, like the access rules.
/// </summary>
public sealed class AccessTokenService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxActiveTokens = 20;

    public async Task<IReadOnlyList<AccessTokenRow>?> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var engineer = await EngineerAsync(db, user, ct);
        if (engineer is null) return null;
        var rows = await Own(db, engineer).AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(t => t.RevokedAt is not null).ThenByDescending(t => t.CreatedAt).Select(Row).ToList();
    }

    /// <summary>A new token named <paramref name="name"/>, or the reason there is none.</summary>
    public async Task<(CreatedAccessToken? Created, string? Refusal)> CreateAsync(ClaimsPrincipal user, string? name, CancellationToken ct = default)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) return (null, "Give the token a name, so you can tell it from others later (for example \"mastering desk\").");
        if (trimmed.Length > MaxNameLength) return (null, $"Keep the name under {MaxNameLength} characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var engineer = await EngineerAsync(db, user, ct);
        if (engineer is null) return (null, "Only the studio's engineer can create access tokens.");
        if (await Own(db, engineer).CountAsync(t => t.RevokedAt == null, ct) >= MaxActiveTokens)
            return (null, $"You already have {MaxActiveTokens} tokens; revoke one you no longer use first.");
        var (token, secret) = AccessTokenSecrets.Create(engineer.UserId, engineer.StudioId, trimmed, clock.GetUtcNow());
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (new CreatedAccessToken(Row(token), secret), null);
    }

    /// <summary>Revokes one of the engineer's own tokens; false when there is no such token of theirs.</summary>
    public async Task<bool> RevokeAsync(ClaimsPrincipal user, Guid tokenId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var engineer = await EngineerAsync(db, user, ct);
        if (engineer is null) return false;
        var token = await Own(db, engineer).FirstOrDefaultAsync(t => t.Id == tokenId, ct);
        if (token is null) return false;
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    static async Task<PortalViewer?> EngineerAsync(PortalDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await db.ViewerAsync(user, ct) is { IsEngineer: true } engineer ? engineer : null;

    static IQueryable<AccessToken> Own(PortalDbContext db, PortalViewer engineer) =>
        db.AccessTokens.Where(t => t.UserId == engineer.UserId && t.StudioId == engineer.StudioId);

    static AccessTokenRow Row(AccessToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt);
}
