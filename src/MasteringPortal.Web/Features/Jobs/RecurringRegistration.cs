using System.Linq.Expressions;
using Hangfire;
using Hangfire.Storage;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// Registers a recurring job (the email sweep, the reminders, the backups, retention) at start-up without letting a busy
/// lock stop the portal. Hangfire takes a distributed lock on the job's id to register it; on PostgreSQL another process
/// of a scaled install, or a slow one under load, can hold it past the timeout, and the exception would fail the host's
/// start. A registration is the same from every process, so the portal starts, says so, and tries again in the
/// background until it is registered or the portal stops.
/// </summary>
public static class RecurringRegistration
{
    /// <summary>Registers <paramref name="job"/> under <paramref name="jobId"/> on <paramref name="cron"/>, as <see cref="RegisterAsync(string, Action, ILogger, CancellationToken, TimeSpan?)"/> does.</summary>
    public static Task RegisterAsync<TJob>(IRecurringJobManager recurring, string jobId, Expression<Func<TJob, Task>> job, string cron,
        ILogger logger, CancellationToken stopping) =>
        RegisterAsync(jobId, () => recurring.AddOrUpdate(jobId, job, cron), logger, stopping);

    /// <summary>Runs <paramref name="register"/> now; when its lock is busy, again every <paramref name="retryAfter"/> (10 s by default) in the background.</summary>
    /// <returns>Done when registered (at once, or after the retries), or when <paramref name="stopping"/> is cancelled.</returns>
    public static Task RegisterAsync(string jobId, Action register, ILogger logger, CancellationToken stopping, TimeSpan? retryAfter = null)
    {
        if (TryRegister(jobId, register, logger, first: true)) return Task.CompletedTask;
        var wait = retryAfter ?? TimeSpan.FromSeconds(10);
        return Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(wait, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (TryRegister(jobId, register, logger, first: false)) return;
            }
        }, CancellationToken.None);
    }

    static bool TryRegister(string jobId, Action register, ILogger logger, bool first)
    {
        try
        {
            register();
            if (!first) logger.LogInformation("The recurring job {JobId} is registered", jobId);
            return true;
        }
        catch (Exception e) when (IsBusyLock(e))
        {
            logger.LogWarning("The recurring job {JobId} could not be registered: its lock is held elsewhere ({Message}); trying again shortly",
                jobId, e.Message);
            return false;
        }
    }

    /// <summary>Hangfire's lock timeout, or a storage's own (Hangfire.PostgreSql throws its own type for it).</summary>
    static bool IsBusyLock(Exception e) =>
        e is DistributedLockTimeoutException || e.GetType().Name.Contains("DistributedLock", StringComparison.Ordinal);
}
