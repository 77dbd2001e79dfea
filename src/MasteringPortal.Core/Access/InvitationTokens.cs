using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using MasteringPortal.Core.Data;

namespace MasteringPortal.Core.Access;

/// <summary>
/// Invitation links. The link carries 32 random bytes (base64url); the database keeps only their
/// SHA-256, so whoever reads the database cannot sign up as an invited client.
/// </summary>
public static class InvitationTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    /// <summary>Creates an invitation for a client's member (not yet saved) and returns the plain token to put in the link, shown once.</summary>
    public static (Invitation Invitation, string Token) Create(Guid studioId, Guid clientId, string email, string createdById,
        DateTimeOffset now, TimeSpan? lifetime = null) =>
        Create(studioId, clientId, null, email, createdById, now, lifetime);

    /// <summary>Creates an invitation to the studio's team as <paramref name="role"/> (an engineer or an assistant).</summary>
    public static (Invitation Invitation, string Token) CreateForTeam(Guid studioId, TeamRole role, string email, string createdById,
        DateTimeOffset now, TimeSpan? lifetime = null) =>
        role == TeamRole.Owner
            ? throw new ArgumentException("A studio has one owner; nobody is invited as its owner.", nameof(role))
            : Create(studioId, null, role, email, createdById, now, lifetime);

    static (Invitation Invitation, string Token) Create(Guid studioId, Guid? clientId, TeamRole? role, string email, string createdById,
        DateTimeOffset now, TimeSpan? lifetime)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var invitation = new Invitation
        {
            StudioId = studioId,
            ClientId = clientId,
            TeamRole = role,
            Email = email.Trim(),
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? DefaultLifetime),
            CreatedById = createdById,
        };
        return (invitation, token);
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The pending invitation for a token from a link, or null when unknown, used or expired.</summary>
    public static async Task<Invitation?> FindPendingAsync(PortalDbContext db, string? token, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = Hash(token.Trim());
        var invitation = await db.Invitations.Include(i => i.Client).FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsPending(now) ? invitation : null;
    }

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
