using Hangfire;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// At start-up: schedule the minutely sweep and the hourly reminders, and run the sweep once now for whatever was waiting
/// (the sweep also hands back the emails a process that died left Sending: <see cref="OutboxDelivery.RecoverAsync"/>).
/// </summary>
public sealed class EmailStartup(IRecurringJobManager recurring, IBackgroundJobClient jobs,
    ILogger<EmailStartup> logger, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Jobs.RecurringRegistration.RegisterAsync<EmailSweep>(recurring, EmailSweep.RecurringId, s => s.RunAsync(CancellationToken.None),
            Cron.Minutely(), logger, lifetime.ApplicationStopping);
        _ = Jobs.RecurringRegistration.RegisterAsync<Notifications.ReminderJob>(recurring, Notifications.ReminderJob.RecurringId,
            r => r.RunAsync(CancellationToken.None), Cron.Hourly(), logger, lifetime.ApplicationStopping);
        jobs.Enqueue<EmailSweep>(s => s.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
