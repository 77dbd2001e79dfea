using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// Deletes uploads (and their partial files) nobody touched for <see cref="UploadOptions.AbandonAfterHours"/>,
/// at start-up and then every <see cref="UploadOptions.CleanupIntervalMinutes"/>. Time comes from the injected
/// <see cref="TimeProvider"/>, so tests move the clock instead of waiting a day.
/// </summary>
public sealed class AbandonedUploadCleanup(UploadStore store, IOptions<UploadOptions> options, TimeProvider clock,
    ILogger<AbandonedUploadCleanup> logger) : BackgroundService
{
    public Task<int> RunOnceAsync(CancellationToken cancellationToken) =>
        store.DeleteAbandonedAsync(options.Value.AbandonAfter, clock.GetUtcNow(), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.CleanupIntervalMinutes)), clock);
        do
        {
            try
            {
                var removed = await RunOnceAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Removed {Count} abandoned uploads", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Cleaning up abandoned uploads failed; trying again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
