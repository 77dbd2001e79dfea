using Hangfire;
using MasteringPortal.Core.Backup;

namespace MasteringPortal.Web.Features.Backups;

/// <summary>
/// The recurring job's entry point: one run at a time across every server (Hangfire's distributed lock), never retried
/// by Hangfire (a failed backup is recorded and notified; the next slot tries again).
/// </summary>
public sealed class ScheduledBackupJob(ScheduledBackups backups)
{
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct) => await backups.RunIfDueAsync(ct);
}
