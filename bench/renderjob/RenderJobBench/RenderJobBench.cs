// The portal's own render path timed end to end (issue 18 §5, issue 19): the real portal in this process (Release
// build, JIT, SQLite and local storage in a temp folder, its Hangfire workers), with the platform check on as in
// production. A project with the bench mix; each run saves a revision with the bench settings as the workspace does,
// queues its render through IPortalJobs, and waits on the project change feed for
//   Ready  the render job's end: the revision Ready with its masters, the master's analysis and the client's preview,
//   copies the platform check's end: the copies as Spotify, Apple Music and YouTube stream them, and their checks.
// Both are measured from the queueing, by wall clock; the process's CPU time over the same span counts this process
// and the ffmpeg processes it waited for (utime + stime + cutime + cstime of /proc/self/stat). Runs are one after
// another (never overlapping), after a warm-up render that is not counted. Prints each run, then median and min-max.
//
// usage: dotnet RenderJobBench.dll MIX.wav SETTINGS.json [RUNS=5]
using System.Diagnostics;
using System.Globalization;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Bench.RenderJob;

// Not a top-level program: the portal's own Program class is what PortalFactory (WebApplicationFactory<Program>) starts.
public static class RenderJobBench
{
    public static async Task Main(string[] args)
    {
        var mix = await File.ReadAllBytesAsync(args[0]);
        var settings = await File.ReadAllTextAsync(args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

        await using var portal = new PortalFactory(seedDemo: true) { UseSeedTemplate = false };
        portal.Settings["Jobs:PlatformCopies"] = "true";
        _ = portal.Server;
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Services, "Render job bench", seconds: 300, mixWav: mix);
        await IdleAsync(portal.Services, projectId); // the demo's and the mix's analyses first

        var ready = new List<double>();
        var copies = new List<double>();
        var cpu = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var (toReady, toCopies, cpuSeconds) = await OneAsync(portal.Services, projectId, trackId, settings);
            var label = run == 0 ? "warm-up" : $"run {run}";
            Console.WriteLine($"{label}: Ready {toReady:0.00} s, platform copies in {toCopies:0.00} s, CPU {cpuSeconds:0.00} s");
            if (run == 0) continue;
            ready.Add(toReady);
            copies.Add(toCopies);
            cpu.Add(cpuSeconds);
        }
        Console.WriteLine($"runs: {runs}, processors: {Environment.ProcessorCount}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"queued -> Ready (render, analysis, preview): median {Median(ready):0.00} s ({ready.Min():0.00}-{ready.Max():0.00})");
        Console.WriteLine($"queued -> platform copies in:                median {Median(copies):0.00} s ({copies.Min():0.00}-{copies.Max():0.00})");
        Console.WriteLine($"copies in / Ready: {Median(copies) / Median(ready):0.00}x");
        Console.WriteLine($"CPU (this process and its ffmpeg children) per run: median {Median(cpu):0.00} s ({cpu.Min():0.00}-{cpu.Max():0.00})");
    }

    /// <summary>One revision from queueing to its platform copies: seconds to Ready, to the copies, and CPU seconds.</summary>
    static async Task<(double Ready, double Copies, double Cpu)> OneAsync(IServiceProvider services, Guid projectId, Guid trackId, string settings)
    {
        Guid revisionId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
            var number = await db.Revisions.Where(r => r.TrackId == trackId).MaxAsync(r => (int?)r.Number) ?? 0;
            var mixSha = await db.FileAssets.Where(f => f.Id == track.CurrentMixId).Select(f => f.Sha256).SingleAsync();
            var revision = new Revision
            {
                TrackId = trackId, Number = number + 1, SettingsJson = settings, Status = RevisionStatus.Queued,
                SourceMixId = track.CurrentMixId, SourceMixSha256 = mixSha,
            };
            db.Revisions.Add(revision);
            await db.SaveChangesAsync();
            revisionId = revision.Id;
        }

        var readyAt = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var copiesAt = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        using var subscription = services.GetRequiredService<IProjectChangeFeed>().Subscribe(projectId, change =>
        {
            if (change.Job is { TargetId: var target, State: var state } job && target == revisionId)
            {
                if (state is PortalJobState.Failed or PortalJobState.Cancelled)
                {
                    var failure = new InvalidOperationException($"The {job.Kind} job ended {state}: {job.FailureReason}");
                    readyAt.TrySetException(failure);
                    copiesAt.TrySetException(failure);
                }
                else if (state == PortalJobState.Succeeded && job.Kind == PortalJobKind.Render) readyAt.TrySetResult(clock.Elapsed.TotalSeconds);
                else if (state == PortalJobState.Succeeded && job.Kind == PortalJobKind.Platforms) copiesAt.TrySetResult(clock.Elapsed.TotalSeconds);
            }
            return Task.CompletedTask;
        });
        var cpuBefore = CpuSeconds();
        clock.Start();
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IPortalJobs>().QueueRenderAsync(revisionId);
        var ready = await readyAt.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var copies = await copiesAt.Task.WaitAsync(TimeSpan.FromMinutes(10));
        return (ready, copies, CpuSeconds() - cpuBefore);
    }

    /// <summary>Waits until no job of the project (or the demo's) is queued or running.</summary>
    static async Task IdleAsync(IServiceProvider services, Guid projectId)
    {
        for (var i = 0; i < 6000; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (!await db.PortalJobs.AnyAsync(j => j.State == PortalJobState.Queued || j.State == PortalJobState.Running)) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The jobs of project {projectId} did not finish.");
    }

    /// <summary>This process's CPU seconds and its waited-for children's (ffmpeg), from /proc/self/stat.</summary>
    static double CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command: state is field 3; utime, stime, cutime, cstime are fields 14-17 (1-based over the whole line).
        var ticks = new[] { 11, 12, 13, 14 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
