using System.Globalization;
using System.Security.Cryptography;

namespace MasteringPortal.Cli.Portal;

/// <summary>
/// `mastering push`: a master made at the desk goes to a track as a new revision, through the browser's resumable
/// protocol (docs/UPLOADS.md): the whole file's SHA-256, begin (which answers with the chunks the portal already has,
/// so a second run after a dropped line sends only the rest), each missing chunk with its own SHA-256, complete. Then
/// it waits for the portal's analysis, prints the figures and checks, and posts the revision when asked and nothing
/// stands in the way. Progress goes to stderr, the result to stdout.
/// </summary>
public sealed class MasterPush(PortalClient portal, TextWriter stdout, TextWriter stderr, TimeProvider clock)
{
    const int ChunkAttempts = 5;

    /// <summary>How often the revision is read while the portal analyses it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(PushRequest request, CancellationToken ct)
    {
        var file = new FileInfo(request.MasterPath);
        if (!file.Exists) throw new PortalUsageException($"cannot read {request.MasterPath}: no such file");
        stderr.WriteLine($"Checking {file.Name} ({Megabytes(file.Length)})…");
        var sha256 = await HashAsync(file, ct);

        var status = await portal.BeginUploadAsync(request.ProjectId, new BeginUploadBody("master", request.TrackId, null, file.Name,
            file.Length, sha256, new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds(), null), ct);
        if (status.ReceivedChunks.Count > 0)
            stderr.WriteLine($"Resuming: the portal already has {Megabytes(status.ReceivedBytes)} of it.");
        await SendChunksAsync(file, status, ct);
        stderr.WriteLine("Verifying on the portal…");
        var completed = await portal.CompleteUploadAsync(status.UploadId, ct);
        if (completed.RevisionId is not { } revisionId)
            throw new PortalException("the portal stored the file but made no revision of it (is the portal older than this command?)");

        var revision = await WaitAsync(request, revisionId, ct);
        if (revision is null)
        {
            stderr.WriteLine($"The portal is still analysing the master after {request.Timeout.TotalSeconds:0} s; it will finish on its own: " +
                             $"see the track in the portal, or run again with a longer --timeout.");
            return CliApp.Failure;
        }
        if (revision.Status == "Failed")
        {
            stderr.WriteLine($"The portal could not use this master: {revision.FailureReason ?? "no reason given"}");
            return CliApp.Failure;
        }
        PrintFigures(revision);
        if (!request.Post)
        {
            if (request.Note is not null) stderr.WriteLine("The note was not sent: it goes to the client with --post.");
            return CliApp.Success;
        }
        if (revision.Checks.Any(c => c.Severity == "problem"))
        {
            stderr.WriteLine("Not posted: the checks above found problems. Fix them and push again, or post it from the portal.");
            return CliApp.UsageOrRefused;
        }
        var posted = await portal.PostRevisionAsync(request.ProjectId, revisionId, request.Note, ct);
        stdout.WriteLine($"Posted revision {posted.Number} to the client.");
        return CliApp.Success;
    }

    static async Task<string> HashAsync(FileInfo file, CancellationToken ct)
    {
        await using var stream = file.OpenRead();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    async Task SendChunksAsync(FileInfo file, UploadStatusBody status, CancellationToken ct)
    {
        var received = new HashSet<int>(status.ReceivedChunks);
        var sent = status.ReceivedBytes;
        var reported = -1;
        var buffer = new byte[status.ChunkSizeBytes];
        await using var stream = file.OpenRead();
        for (var index = 0; index < status.ChunkCount; index++)
        {
            if (received.Contains(index)) continue;
            var offset = (long)index * status.ChunkSizeBytes;
            var length = (int)Math.Min(status.ChunkSizeBytes, file.Length - offset);
            stream.Position = offset;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, length), ct);
            var chunk = buffer.AsMemory(0, length);
            var chunkSha256 = Convert.ToHexStringLower(SHA256.HashData(chunk.Span));
            await WithRetriesAsync(() => portal.PutChunkAsync(status.UploadId, index, chunk, chunkSha256, ct), ct);
            sent += length;
            var percent = (int)(100 * sent / Math.Max(1, file.Length));
            if (percent / 10 != reported / 10)
            {
                reported = percent;
                stderr.WriteLine($"Uploading {percent,3} % ({Megabytes(sent)} of {Megabytes(file.Length)})");
            }
        }
    }

    /// <summary>A chunk damaged or cut off on the way, or a dropped line, is sent again after 1, 2, 4, 8 s.</summary>
    async Task WithRetriesAsync(Func<Task<UploadStatusBody>> send, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await send();
                return;
            }
            catch (PortalException e) when (e.Retry && attempt < ChunkAttempts)
            {
                var wait = TimeSpan.FromSeconds(1 << (attempt - 1));
                stderr.WriteLine($"{e.Message}; trying again in {wait.TotalSeconds:0} s");
                await Task.Delay(wait, clock, ct);
            }
        }
    }

    /// <summary>The revision once Ready or Failed; null when the timeout passed first.</summary>
    async Task<PortalRevision?> WaitAsync(PushRequest request, Guid revisionId, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + request.Timeout;
        var shown = -1;
        while (true)
        {
            var revision = await portal.RevisionAsync(request.ProjectId, revisionId, ct);
            if (revision.Status is "Ready" or "Failed") return revision;
            if (revision.ProgressPercent != shown)
            {
                shown = revision.ProgressPercent;
                stderr.WriteLine($"Revision {revision.Number}: analysing on the portal, {shown} %");
            }
            if (clock.GetUtcNow() >= deadline) return null;
            await Task.Delay(PollInterval, clock, ct);
        }
    }

    void PrintFigures(PortalRevision revision)
    {
        var m = revision.Master;
        stdout.WriteLine($"Revision {revision.Number} is ready: {Figure(m?.IntegratedLufs, "LUFS integrated")}, " +
                         $"{Figure(m?.TruePeakDbtp, "dBTP true peak")}, {Figure(m?.LoudnessRangeLu, "LU loudness range")}.");
        if (m is not null)
            stdout.WriteLine($"  {m.Name}: {m.SampleRateHz?.ToString(CultureInfo.InvariantCulture) ?? "?"} Hz, " +
                             $"{(m.BitDepth is { } bits ? bits + "-bit" : "lossy")}, {Duration(m.DurationSeconds)}");
        if (revision.Checks.Count == 0) stdout.WriteLine("  Checks: nothing found.");
        foreach (var check in revision.Checks) stdout.WriteLine($"  {check.Severity}: {check.Message}");
    }

    static string Figure(double? value, string unit) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " " + unit : "no " + unit.Split(' ', 2)[1] + " (silent?)";

    static string Duration(double? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString(s >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "length unknown";

    static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
