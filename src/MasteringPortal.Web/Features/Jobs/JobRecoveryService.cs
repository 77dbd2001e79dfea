using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// At start-up (after the migrations, which run before the host starts), queues again the jobs a stopped
/// process left Queued or Running (<see cref="JobRecovery"/>).
/// </summary>
public sealed class JobRecoveryService(IServiceScopeFactory scopes, ILogger<JobRecoveryService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobRecovery>().RequeueInterruptedAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The portal still starts; the rows stay as they are and the next start-up tries again.
            logger.LogError(e, "Queueing unfinished jobs again at start-up failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
