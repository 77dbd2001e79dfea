using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Email;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>A client of the studio as the clients page lists it.</summary>
public sealed record ClientRow(Guid Id, string Name, string ContactName, string Email, bool HasAccount, DateTimeOffset? InvitationExpiresAt, int ProjectCount,
    DateTimeOffset? ErasedAt = null);

/// <summary>A new client as the engineer types it.</summary>
public sealed class NewClientForm
{
    [Required(ErrorMessage = "Enter the artist, band or label name.")]
    [StringLength(200, ErrorMessage = "The name can be at most 200 characters.")]
    public string Name { get; set; } = "";

    [StringLength(200, ErrorMessage = "The contact name can be at most 200 characters.")]
    public string ContactName { get; set; } = "";

    [Required(ErrorMessage = "Enter the email address the invitation is for.")]
    [EmailAddress(ErrorMessage = "That does not look like an email address.")]
    [StringLength(256)]
    public string Email { get; set; } = "";

    [StringLength(50)]
    public string Phone { get; set; } = "";

    /// <summary>Email the invitation to the client (the link is shown to the engineer either way).</summary>
    public bool SendByEmail { get; set; } = true;
}

/// <summary>
/// The link to hand to the client; the token in it is shown only this once (the database keeps its hash).
/// <paramref name="Emailed"/>: an email carrying it was queued in the same save.
/// </summary>
public sealed record InvitationLink(string ClientName, string Email, string Url, DateTimeOffset ExpiresAt, bool Emailed = false);

/// <summary>The engineer's side of invitations: clients of their studio, and links for them to sign up.</summary>
public sealed class InvitationService(IDbContextFactory<PortalDbContext> factory, TimeProvider? clock = null,
    EmailTemplates? templates = null, EmailOutbox? outbox = null)
{
    TimeProvider Clock => clock ?? TimeProvider.System;

    public async Task<IReadOnlyList<ClientRow>> ClientsAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await EngineerAsync(db, principal, ct);
        if (viewer is null) return [];
        var now = Clock.GetUtcNow();
        var clients = await db.Clients.AsNoTracking()
            .Where(c => c.StudioId == viewer.StudioId)
            .Select(c => new
            {
                c.Id, c.Name, c.ContactName, c.Email, c.ErasedAt,
                HasAccount = db.Users.Any(u => u.ClientId == c.Id),
                ProjectCount = c.Projects.Count,
            })
            .ToListAsync(ct);
        var ids = clients.Select(c => c.Id).ToList();
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.ClientId != null && ids.Contains(i.ClientId.Value) && i.AcceptedAt == null)
            .Select(i => new { i.ClientId, i.ExpiresAt })
            .ToListAsync(ct);
        return clients
            .Select(c => new ClientRow(c.Id, c.Name, c.ContactName, c.Email, c.HasAccount,
                invitations.Where(i => i.ClientId == c.Id && i.ExpiresAt > now).Select(i => (DateTimeOffset?)i.ExpiresAt).Max(),
                c.ProjectCount, c.ErasedAt))
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    /// <summary>Creates the client, then an invitation for them.</summary>
    public async Task<InvitationLink?> CreateClientAndInviteAsync(ClaimsPrincipal principal, NewClientForm form, string baseUri, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await EngineerAsync(db, principal, ct);
        if (viewer is null) return null;
        var client = new Client
        {
            StudioId = viewer.StudioId,
            Name = form.Name.Trim(),
            ContactName = form.ContactName.Trim(),
            Email = form.Email.Trim(),
            Phone = form.Phone.Trim(),
            CreatedAt = Clock.GetUtcNow(),
        };
        db.Clients.Add(client);
        return await InviteAsync(db, viewer, client, client.Email, baseUri, form.SendByEmail, ct);
    }

    /// <summary>A new invitation for an existing client of the engineer's studio (earlier links keep working until they expire).</summary>
    public async Task<InvitationLink?> InviteExistingAsync(ClaimsPrincipal principal, Guid clientId, string baseUri, bool sendByEmail = false,
        CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await EngineerAsync(db, principal, ct);
        if (viewer is null) return null;
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId && c.ErasedAt == null, ct);
        if (client is null) return null;
        return await InviteAsync(db, viewer, client, client.Email, baseUri, sendByEmail, ct);
    }

    /// <summary>
    /// An invitation for one more member of an existing client (a band's second member, a label's manager): their own
    /// login, seeing the same projects.
    /// </summary>
    public async Task<InvitationLink?> InviteMemberAsync(ClaimsPrincipal principal, Guid clientId, string email, string baseUri, bool sendByEmail = false,
        CancellationToken ct = default)
    {
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || string.IsNullOrWhiteSpace(email)) return null;
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await EngineerAsync(db, principal, ct);
        if (viewer is null) return null;
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId && c.ErasedAt == null, ct);
        if (client is null) return null;
        return await InviteAsync(db, viewer, client, email.Trim(), baseUri, sendByEmail, ct);
    }

    async Task<InvitationLink> InviteAsync(PortalDbContext db, PortalViewer viewer, Client client, string email, string baseUri, bool sendByEmail,
        CancellationToken ct)
    {
        var (invitation, token) = InvitationTokens.Create(viewer.StudioId, client.Id, email, viewer.UserId, Clock.GetUtcNow());
        db.Invitations.Add(invitation);
        var path = $"/account/signup?token={Uri.EscapeDataString(token)}";
        var emailed = sendByEmail && templates is not null && outbox is not null;
        if (emailed)
        {
            // The email goes in the same save as the invitation: both exist, or neither.
            var studio = await db.Studios.AsNoTracking().Where(s => s.Id == viewer.StudioId).Select(s => s.Name).FirstAsync(ct);
            // The contact's name when the invitation is theirs; a further member of the client is greeted as the client.
            var isContact = string.Equals(email, client.Email, StringComparison.OrdinalIgnoreCase);
            var name = !isContact || string.IsNullOrWhiteSpace(client.ContactName) ? client.Name : client.ContactName;
            outbox!.Add(db, viewer.StudioId, null, email, name, InvitationTemplate, templates!.Invitation(studio, name, path, invitation.ExpiresAt));
            invitation.EmailedAt = Clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        return new InvitationLink(client.Name, email, baseUri.TrimEnd('/') + path, invitation.ExpiresAt, emailed);
    }

    public const string InvitationTemplate = "invitation";

    static async Task<PortalViewer?> EngineerAsync(PortalDbContext db, ClaimsPrincipal principal, CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        return viewer is { IsEngineer: true } ? viewer : null;
    }
}
