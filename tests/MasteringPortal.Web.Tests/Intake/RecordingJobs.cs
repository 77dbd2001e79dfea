using MasteringPortal.Core.Jobs;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>Records what pages queue; the job machinery itself is tested in the Jobs tests.</summary>
public sealed class RecordingJobs : IPortalJobs
{
    public List<Guid> Renders { get; } = [];
    public List<Guid> Retries { get; } = [];
    public List<Guid> Matches { get; } = [];
    public List<Guid> Albums { get; } = [];
    public List<Guid> PlatformChecks { get; } = [];
    public Task<Guid> QueueAnalysisAsync(Guid fileAssetId, CancellationToken ct = default) => Task.FromResult(Guid.NewGuid());
    public Task<Guid> QueueRenderAsync(Guid revisionId, CancellationToken ct = default) { Renders.Add(revisionId); return Task.FromResult(Guid.NewGuid()); }
    public Task<Guid> QueueMatchAsync(Guid matchRunId, CancellationToken ct = default) { Matches.Add(matchRunId); return Task.FromResult(Guid.NewGuid()); }
    public Task<Guid> QueueAlbumAsync(Guid albumAssemblyId, CancellationToken ct = default) { Albums.Add(albumAssemblyId); return Task.FromResult(Guid.NewGuid()); }
    public Task<Guid> QueuePlatformsAsync(Guid revisionId, CancellationToken ct = default) { PlatformChecks.Add(revisionId); return Task.FromResult(Guid.NewGuid()); }
    public Task CancelAsync(Guid jobId, CancellationToken ct = default) => Task.CompletedTask;
    public Task<Guid> RetryAsync(Guid jobId, CancellationToken ct = default) { Retries.Add(jobId); return Task.FromResult(Guid.NewGuid()); }
}
