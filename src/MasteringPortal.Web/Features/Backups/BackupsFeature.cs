using Hangfire;
using MasteringPortal.Core.Backup;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Backups;

/// <summary>
/// Scheduled backups (docs/BACKUP.md): an hourly Hangfire job that backs the install up when the studio's schedule says
/// one is due, into <c>Backup:Directory</c> (server configuration; <c>Backup:HourUtc</c>, default 3, and
/// <c>Backup:WeeklyOn</c>, default Sunday), and the last backup's section on the studio settings page.
/// </summary>
public static class BackupsFeature
{
    public const string RecurringId = "scheduled-backup";

    public static WebApplicationBuilder AddBackups(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var directory = configuration["Backup:Directory"];
        var options = new ScheduledBackupOptions(
            string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory, contentRoot),
            new BackupSchedule(configuration.GetValue("Backup:HourUtc", 3), configuration.GetValue("Backup:WeeklyOn", DayOfWeek.Sunday)));
        builder.Services.TryAddSingleton(options);
        builder.Services.TryAddSingleton(_ => BackupSources.From(configuration, contentRoot));
        builder.Services.TryAddScoped<ScheduledBackups>();
        builder.Services.TryAddScoped<ScheduledBackupJob>();
        builder.Services.TryAddScoped<BackupStatusService>();
        builder.Services.AddHostedService<BackupStartup>();
        return builder;
    }

    /// <summary>Registers the hourly check with Hangfire when the portal starts.</summary>
    sealed class BackupStartup(IRecurringJobManager recurring, ILogger<BackupStartup> logger, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = Jobs.RecurringRegistration.RegisterAsync<ScheduledBackupJob>(recurring, RecurringId, j => j.RunAsync(CancellationToken.None),
                Cron.Hourly(), logger, lifetime.ApplicationStopping);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
