using Hangfire;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// At start-up: hand back the emails a process that died left Sending (<see cref="OutboxDelivery.RecoverAsync"/>), schedule the minutely sweep and the hourly reminders, and run the sweep once now
/// for whatever was waiting.
/// </summary>
public sealed class EmailStartup(IServiceScopeFactory scopes, IRecurringJobManager recurring, IBackgroundJobClient jobs,
    ILogger<EmailStartup> logger, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var recovered = await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().RecoverAsync(cancellationToken);
            if (recovered > 0) logger.LogInformation("{Count} emails interrupted mid-delivery are queued again", recovered);
        }
        _ = Jobs.RecurringRegistration.RegisterAsync<EmailSweep>(recurring, EmailSweep.RecurringId, s => s.RunAsync(CancellationToken.None),
            Cron.Minutely(), logger, lifetime.ApplicationStopping);
        _ = Jobs.RecurringRegistration.RegisterAsync<Notifications.ReminderJob>(recurring, Notifications.ReminderJob.RecurringId,
            r => r.RunAsync(CancellationToken.None), Cron.Hourly(), logger, lifetime.ApplicationStopping);
        jobs.Enqueue<EmailSweep>(s => s.RunAsync(CancellationToken.None));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
