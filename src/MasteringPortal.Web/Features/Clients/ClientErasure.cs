using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>How an erasure went: done, or refused with a sentence for the owner.</summary>
public sealed record ErasureOutcome(bool Erased, string Message);

/// <summary>
/// Erases a client's personal data on request, for the studio's owner only and after they typed the client's name.
/// The people who sign in for the client keep a row (the timeline and payments name them) with their name, email and
/// password gone, locked for good and signed out everywhere; their invitations, tokens, notifications and preferences go.
/// The client's projects keep their status, quote and payments (accounting) under a placeholder title, without tracks,
/// briefs, revisions, comments, jobs or files; the timeline keeps each line's kind and time but not its words; a
/// payment keeps its amount, currency, method, status and dates but not its free-text reference. Stored files go
/// unless a file of someone else has the same content. An <see cref="AuditEntry"/> records who did it and when.
/// </summary>
public sealed class ClientErasure(IDbContextFactory<PortalDbContext> dbFactory, IFileStore store, TimeProvider clock, ILogger<ClientErasure> logger)
{
    public const string RemovedText = "(removed on request)";

    public async Task<ErasureOutcome> EraseAsync(ClaimsPrincipal principal, Guid clientId, string typedName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        var client = viewer is { IsOwner: true }
            ? await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId, ct)
            : null;
        if (client is null) return new ErasureOutcome(false, "There is no such client, or you do not have access to it.");
        if (client.ErasedAt is not null) return new ErasureOutcome(false, "This client's data has already been erased.");
        if (!string.Equals((typedName ?? "").Trim(), client.Name.Trim(), StringComparison.Ordinal))
            return new ErasureOutcome(false, "Type the client's name exactly as shown to confirm. Nothing was erased.");

        var now = clock.GetUtcNow();
        var projectIds = await db.Projects.Where(p => p.ClientId == client.Id).Select(p => p.Id).ToListAsync(ct);
        var userIds = await db.Users.Where(u => u.ClientId == client.Id).Select(u => u.Id).ToListAsync(ct);
        var files = await db.FileAssets.AsNoTracking().Where(f => projectIds.Contains(f.ProjectId))
            .Select(f => new { f.StorageKey, f.SizeBytes }).ToListAsync(ct);
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == viewer!.UserId).Select(u => new { u.DisplayName, u.Email }).FirstAsync(ct);
        var reference = client.Id.ToString("N")[..8];
        int payments;

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await ErasePeopleAsync(db, userIds, ct);
            await db.Invitations.Where(i => i.ClientId == client.Id).ExecuteDeleteAsync(ct);
            await EraseProjectsAsync(db, projectIds, ct);
            payments = await db.Payments.Where(p => projectIds.Contains(p.ProjectId))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Reference, p => p.Reference == null ? null : RemovedText)
                    .SetProperty(p => p.FailureReason, p => p.FailureReason == null ? null : RemovedText), ct);

            client.ErasedAt = now;
            client.Name = $"Erased client {reference}";
            client.ContactName = "";
            client.Email = "";
            client.Phone = "";
            db.AuditEntries.Add(new AuditEntry
            {
                StudioId = client.StudioId, At = now, ActorId = viewer!.UserId,
                ActorName = string.IsNullOrWhiteSpace(owner.DisplayName) ? owner.Email ?? "" : owner.DisplayName,
                Action = "Erased a client's personal data on request",
                Details = $"Client {reference}: {Count(userIds.Count, "person", "people")}, {Count(projectIds.Count, "project", "projects")} and " +
                          $"{Count(files.Count, "file", "files")} erased; {Count(payments, "payment", "payments")} kept without personal details.",
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        // After the commit: bytes another kept file uses stay on disk.
        var keys = files.Select(f => f.StorageKey).Distinct().ToList();
        var stillUsed = (await db.FileAssets.AsNoTracking().Where(f => keys.Contains(f.StorageKey)).Select(f => f.StorageKey).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => !stillUsed.Contains(k))) store.Delete(key);
        logger.LogInformation("Client {Client} erased on request by {User}: {People} people, {Projects} projects, {Files} files",
            reference, viewer!.UserId, userIds.Count, projectIds.Count, files.Count);
        return new ErasureOutcome(true, $"The client's personal data and files are erased (recorded as client {reference}).");
    }

    /// <summary>Sign-in rows stay (the timeline and payments point at them) with nothing that names or reaches the person.</summary>
    static async Task ErasePeopleAsync(PortalDbContext db, List<string> userIds, CancellationToken ct)
    {
        foreach (var user in await db.Users.Where(u => userIds.Contains(u.Id)).ToListAsync(ct))
        {
            var placeholder = $"erased-{user.Id}@erased.invalid";
            user.DisplayName = "Erased";
            user.UserName = user.Email = placeholder;
            user.NormalizedUserName = user.NormalizedEmail = placeholder.ToUpperInvariant();
            user.EmailConfirmed = false;
            user.PasswordHash = null;
            user.PhoneNumber = null;
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            // A new stamp signs every open session out at its next request (Account/SessionRevalidation).
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        await db.UserClaims.Where(c => userIds.Contains(c.UserId)).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => userIds.Contains(l.UserId)).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.AccessTokens.Where(t => userIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.PasswordResets.Where(r => userIds.Contains(r.UserId)).ExecuteDeleteAsync(ct);
        await db.NotificationPreferences.Where(p => userIds.Contains(p.UserId)).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => userIds.Contains(n.UserId)).ExecuteDeleteAsync(ct);
        await db.OutboxEmails.Where(e => e.UserId != null && userIds.Contains(e.UserId)).ExecuteDeleteAsync(ct);
    }

    static async Task EraseProjectsAsync(PortalDbContext db, List<Guid> projectIds, CancellationToken ct)
    {
        // The studio's emails that quoted these projects keep their delivery record but not their words.
        var emails = await db.Notifications.Where(n => n.ProjectId != null && projectIds.Contains(n.ProjectId.Value) && n.EmailId != null)
            .Select(n => n.EmailId!.Value).Distinct().ToListAsync(ct);
        await db.OutboxEmails.Where(e => emails.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Subject, RemovedText)
            .SetProperty(e => e.TextBody, RemovedText).SetProperty(e => e.HtmlBody, RemovedText), ct);
        await db.Notifications.Where(n => n.ProjectId != null && projectIds.Contains(n.ProjectId.Value)).ExecuteDeleteAsync(ct);
        await db.PortalJobs.Where(j => projectIds.Contains(j.ProjectId)).ExecuteDeleteAsync(ct);
        await db.MatchRuns.Where(r => projectIds.Contains(r.ProjectId)).ExecuteDeleteAsync(ct);
        await db.RetentionRemovals.Where(r => projectIds.Contains(r.ProjectId)).ExecuteDeleteAsync(ct);
        // Files first (their analyses go with them), then the tracks with their briefs, revisions and comments.
        await db.FileAssets.Where(f => projectIds.Contains(f.ProjectId)).ExecuteDeleteAsync(ct);
        await db.Tracks.Where(t => projectIds.Contains(t.ProjectId)).ExecuteDeleteAsync(ct);
        // The timeline is append-only for the application (SaveRules); an erasure on request is the one reason its
        // words go. Bulk updates do not pass the change tracker, so the rule is kept everywhere else.
        await db.ProjectEvents.Where(e => projectIds.Contains(e.ProjectId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Description, RemovedText), ct);
        var number = 0;
        foreach (var project in await db.Projects.Where(p => projectIds.Contains(p.Id)).OrderBy(p => p.CreatedAt).ToListAsync(ct))
        {
            project.Title = $"Erased project {++number}";
            project.DueDate = null;
            project.ApprovedRevisionId = null;
        }
    }

    static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
