using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Every revision's master as the platforms stream it (issue 19, docs/TRANSLATION.md "Platforms"): for the brief's
/// platforms and Spotify, Apple Music and YouTube always, the master encoded with the platform's codec and bit rate,
/// decoded and measured (<see cref="PlatformCheck"/>), and the copy the client hears "as played" on it. The copy is the
/// checked file itself unless the studio watermarks its previews: then the client's copy is encoded from the
/// watermarked preview's source and the check is made on an unwatermarked encode that is not kept. The platform's
/// normalization gain is applied by the review page when it plays the copy, as the platforms apply it when they play.
/// </summary>
public static class PlatformCopies
{
    /// <summary>
    /// Whether renders make the platform copies and checks (Jobs:PlatformCopies, on by default). The test portals turn
    /// it off unless a test is about platforms, so that the suite's many short renders do not each encode three times.
    /// </summary>
    public sealed record Options(bool Enabled = true);

    /// <summary>The platforms a revision is checked for: the brief's streaming platforms and the defaults.</summary>
    public static IReadOnlyList<PlatformRule> For(TargetPlatforms brief)
    {
        var wanted = PlatformRule.Defaults.ToHashSet();
        if (brief.HasFlag(TargetPlatforms.Spotify)) wanted.Add(StreamingPlatform.Spotify);
        if (brief.HasFlag(TargetPlatforms.AppleMusic)) wanted.Add(StreamingPlatform.AppleMusic);
        if (brief.HasFlag(TargetPlatforms.YouTube)) wanted.Add(StreamingPlatform.YouTube);
        if (brief.HasFlag(TargetPlatforms.Tidal)) wanted.Add(StreamingPlatform.Tidal);
        if (brief.HasFlag(TargetPlatforms.AmazonMusic)) wanted.Add(StreamingPlatform.AmazonMusic);
        return PlatformRule.All.Where(r => wanted.Contains(r.Platform)).ToList();
    }

    /// <summary>One platform's check and the path of the copy the client hears.</summary>
    public sealed record Made(PlatformRule Rule, PlatformCheck Check, string CopyPath);

    /// <summary>
    /// Makes the copies and checks, every platform at once up to one more than the processors (each encode is a
    /// single-threaded ffmpeg process of its own length: three on two cores finish together sooner than two and then one),
    /// on the caller's thread.
    /// </summary>
    public static IReadOnlyList<Made> Make(string masterPath, IReadOnlyList<PlatformRule> rules, double ceilingDbtp, double? masterLufs,
        double masterTruePeakDbtp, PreviewSettings preview, string folder, AudioTools tools, IProgress<double> progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var made = new Made[rules.Count];
        var done = 0;
        Parallel.For(0, rules.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount + 1, CancellationToken = ct }, i =>
        {
            var rule = rules[i];
            var checkedPath = Path.Combine(folder, $"{rule.Platform}-check.{rule.Codec.Extension}");
            using (var master = AudioFile.OpenRead(masterPath, tools))
            using (var source = new PreviewSource(master, 0))
                PlatformCheck.Encode(source, rule, checkedPath, tools, ct);
            var check = PlatformCheck.Measure(checkedPath, rule, ceilingDbtp, masterLufs, masterTruePeakDbtp, tools, ct);
            var copyPath = checkedPath;
            if (preview.WatermarkEverySeconds > 0)
            {
                copyPath = Path.Combine(folder, $"{rule.Platform}.{rule.Codec.Extension}");
                using var master = AudioFile.OpenRead(masterPath, tools);
                using var watermarked = new PreviewSource(master, preview.WatermarkEverySeconds);
                PlatformCheck.Encode(watermarked, rule, copyPath, tools, ct);
                File.Delete(checkedPath);
            }
            made[i] = new Made(rule, check, copyPath);
            progress.Report((double)Interlocked.Increment(ref done) / rules.Count);
        });
        return made;
    }

    /// <summary>The ceiling overs are counted against: the chain's limiter ceiling, or the platforms' -1 dBTP when it has none.</summary>
    public static double CeilingOf(RenderSettings settings) =>
        settings.Limiter is { Enabled: true, Settings: { } limiter } ? limiter.CeilingDbtp : LossyDeliverable.MaxTruePeakDbtp;
}
