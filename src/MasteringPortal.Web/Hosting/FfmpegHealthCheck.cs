using MasteringPortal.Audio.Codecs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Hosting;

/// <summary>Reports whether ffmpeg was found: without it only WAV and AIFF can be read.</summary>
public sealed class FfmpegHealthCheck(AudioTools tools) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var found = tools.FfmpegPath;
        return Task.FromResult(found is null
            ? HealthCheckResult.Degraded("ffmpeg not found: only WAV and AIFF can be read")
            : HealthCheckResult.Healthy($"ffmpeg found at {found}"));
    }
}
