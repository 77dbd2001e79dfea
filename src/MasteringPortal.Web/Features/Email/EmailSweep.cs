using Hangfire;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// The email job (Hangfire, every minute and after every save that made something to send): composes the notifications
/// whose email is due, hands back emails stranded in a send by a process that died (<see cref="OutboxDelivery.RecoverAsync"/>),
/// then delivers every Pending email whose time has come (first attempts and the retries after their back-off). Running it twice at once is harmless: both steps take their rows by token-checked saves.
/// </summary>
public sealed class EmailSweep(NotificationEmails composer, OutboxDelivery delivery)
{
    public const string RecurringId = "email-sweep";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        await composer.ComposeDueAsync(ct);
        await delivery.RecoverAsync(ct);
        foreach (var id in await delivery.DueAsync(ct))
        {
            ct.ThrowIfCancellationRequested();
            await delivery.DeliverAsync(id, ct);
        }
    }
}
