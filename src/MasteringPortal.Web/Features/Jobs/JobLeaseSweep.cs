using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// Every few seconds (<c>Jobs:LeaseSweepSeconds</c>, 10), takes over the running jobs whose worker stopped renewing
/// their lease (<see cref="JobRecovery.TakeOverExpiredAsync"/>), in any process: a job whose worker was killed runs again
/// within its lease and one sweep. Every process that runs workers sweeps; the take-over is one conditional UPDATE, so
/// two sweeping processes never queue a job twice.
/// </summary>
public sealed class JobLeaseSweep(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<JobLeaseSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:LeaseSweepSeconds", 10.0)));
        using var timer = new PeriodicTimer(every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<JobRecovery>().TakeOverExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The job lease sweep failed; it runs again in {Seconds} s", every.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
