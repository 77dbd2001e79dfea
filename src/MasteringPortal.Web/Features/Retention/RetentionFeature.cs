using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>
/// The studio's retention policy (<see cref="RetentionRules"/>): the nightly <see cref="RetentionJob"/> at
/// <c>Retention:HourUtc</c> (default 4, after the backup hour) and the log of what it removed on the storage page.
/// </summary>
public static class RetentionFeature
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddScoped<RetentionJob>();
        builder.Services.TryAddScoped<RetentionLog>();
        var hour = Math.Clamp(builder.Configuration.GetValue("Retention:HourUtc", 4), 0, 23);
        builder.Services.AddHostedService(sp => new RetentionStartup(sp.GetRequiredService<IRecurringJobManager>(), hour,
            sp.GetRequiredService<ILogger<RetentionStartup>>(), sp.GetRequiredService<IHostApplicationLifetime>()));
        return builder;
    }

    /// <summary>Registers the nightly run with Hangfire when the portal starts.</summary>
    internal sealed class RetentionStartup(IRecurringJobManager recurring, int hourUtc, ILogger<RetentionStartup> logger,
        IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = Jobs.RecurringRegistration.RegisterAsync<RetentionJob>(recurring, RetentionJob.RecurringId, j => j.RunAsync(CancellationToken.None),
                Cron.Daily(hourUtc), logger, lifetime.ApplicationStopping);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
