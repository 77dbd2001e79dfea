using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// The delivery job (docs/NOTIFICATIONS.md, "Exactly once"): takes a due Pending email by a save under its concurrency
/// token (Pending → Sending, one attempt more), sends it, then records the outcome. Two workers that take the same
/// email race on that save and the loser sends nothing. A host that stops mid-send hands the email back (Pending);
/// a process that dies leaves it Sending and <see cref="RecoverAsync"/> hands it back once it has been Sending for longer than
/// <see cref="StrandedAfter"/>. The one window
/// where an email can go out twice is between the server's "250 accepted" and the save that records it; the resend
/// then carries the same Message-Id.
/// </summary>
public sealed class OutboxDelivery(IDbContextFactory<PortalDbContext> dbFactory, IEmailTransport transport,
    IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxDelivery> logger)
{
    /// <summary>Delivers one email if it is Pending and due; returns its state afterwards (null: unknown id or taken by another worker).</summary>
    public async Task<OutboxEmailState?> DeliverAsync(Guid emailId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = await db.OutboxEmails.FirstOrDefaultAsync(e => e.Id == emailId, ct);
        var now = clock.GetUtcNow();
        if (email is null) return null;
        if (email.State != OutboxEmailState.Pending || email.NextAttemptAt > now) return email.State;

        email.State = OutboxEmailState.Sending;
        email.SendingSince = now;
        email.Attempts++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        SendResult result;
        try
        {
            result = await transport.SendAsync(email, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping before the server acknowledged the message: nothing went out, so it waits for the next start.
            email.State = OutboxEmailState.Pending;
            email.SendingSince = null;
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Recovery in a newer process handed it on already.
            }
            throw;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Sending email {EmailId} failed", email.Id);
            result = new SendResult(SendResultKind.TryAgain, e.Message);
        }
        Record(email, result, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The send outlasted StrandedAfter and another process handed the email back; it is that process's now.
            logger.LogWarning("Email {EmailId} was handed back to the outbox while this process was sending it ({Outcome}); it may go out twice",
                email.Id, result.Kind);
            return null;
        }
        return email.State;
    }

    void Record(OutboxEmail email, SendResult result, DateTimeOffset now)
    {
        email.SendingSince = null;
        email.LastError = result.Error is null ? null : Trim(result.Error, 2000);
        switch (result.Kind)
        {
            case SendResultKind.Accepted:
                email.State = OutboxEmailState.Sent;
                email.SentAt = now;
                break;
            case SendResultKind.Logged:
                email.State = OutboxEmailState.Logged;
                email.SentAt = now;
                break;
            case SendResultKind.Refused:
                email.State = OutboxEmailState.Undeliverable;
                logger.LogWarning("The mail server refused {Address} for good: {Error}", email.ToAddress, result.Error);
                break;
            default:
                if (email.Attempts >= options.Value.MaxAttempts)
                {
                    email.State = OutboxEmailState.Undeliverable;
                    email.LastError = $"Gave up after {email.Attempts} attempts. {email.LastError}";
                }
                else
                {
                    email.State = OutboxEmailState.Pending;
                    email.NextAttemptAt = now + EmailOptions.BackOff(email.Attempts);
                }
                break;
        }
    }

    /// <summary>The ids of Pending emails whose time has come, oldest first.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.OutboxEmails.AsNoTracking()
            .Where(e => e.State == OutboxEmailState.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.CreatedAt).Select(e => e.Id).Take(200).ToListAsync(ct);
    }

    /// <summary>
    /// How long an email may stay Sending before it counts as stranded: well past the longest a send can take (MailKit's
    /// timeout is 2 minutes per network operation, and a send is connect, authenticate, send, quit), so a process that is
    /// still sending is never overtaken. Several processes share one outbox in a scaled install: one starting up while
    /// another is mid-send must leave that email alone.
    /// </summary>
    public static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// At every sweep (one runs at start-up): an email left Sending for longer than <see cref="StrandedAfter"/> belongs to a
    /// process that died in the send, so it goes back to Pending. One conditional update with a new concurrency token, so
    /// it never conflicts with a process recording an outcome at the same moment (that process's save is refused
    /// instead). Returns how many were handed back.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cutoff = clock.GetUtcNow() - StrandedAfter;
        var recovered = await db.OutboxEmails
            .Where(e => e.State == OutboxEmailState.Sending && (e.SendingSince == null || e.SendingSince <= cutoff))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.State, OutboxEmailState.Pending)
                .SetProperty(e => e.SendingSince, (DateTimeOffset?)null)
                .SetProperty(e => e.Version, Guid.NewGuid()), ct);
        if (recovered > 0) logger.LogInformation("{Count} emails interrupted mid-delivery are queued again", recovered);
        return recovered;
    }

    static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
