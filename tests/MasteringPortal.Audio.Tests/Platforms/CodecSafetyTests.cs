using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Matching;

namespace MasteringPortal.Audio.Tests.Platforms;

/// <summary>
/// "Safe for codecs": the ceiling comes down by the largest overshoot past -1 dBTP that either meter measured on the
/// decoded copies, and a master rendered again at that ceiling decodes at or under -1 dBTP on every service.
/// </summary>
public sealed class CodecSafetyTests : IDisposable
{
    readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mp-codec-safety-");

    public void Dispose() => _dir.Delete(recursive: true);

    static PlatformCheck Check(double ours, double bs1770) =>
        new(StreamingPlatform.Spotify, "Spotify", "Ogg Vorbis 160 kb/s", -9, ours, bs1770, 0, 3, -1, -5, "");

    [Fact]
    public void The_ceiling_comes_down_by_the_worst_overshoot_of_either_meter_and_a_margin()
    {
        // Worst: +0.4 dBTP by the BS.1770 filter, 1.4 dB past -1: from -1.0 to -1.0 - 1.4 - 0.2 = -2.6.
        Assert.Equal(-2.6, CodecSafety.SafeCeiling(-1.0, [Check(-0.5, -0.6), Check(0.3, 0.4)]));
        // Rounded down to the tenth below: -1.5 - 0.33 - 0.2 = -2.03 → -2.1.
        Assert.Equal(-2.1, CodecSafety.SafeCeiling(-1.5, [Check(-0.67, -0.8)]));
        // Already safe by both meters: nothing to propose.
        Assert.Null(CodecSafety.SafeCeiling(-1.0, [Check(-1.2, -1.05)]));
        Assert.Null(CodecSafety.SafeCeiling(-1.0, []));
        // Never below the lowest ceiling offered.
        Assert.Equal(CodecSafety.LowestCeilingDbtp, CodecSafety.SafeCeiling(-1.0, [Check(6, 6)]));
    }

    [SkippableFact]
    public void A_loud_master_rendered_again_at_the_safe_ceiling_decodes_under_minus_1_dbtp_on_every_service()
    {
        var tools = AudioTools.FromPath();
        Skip.If(tools.FfmpegPath is null, "ffmpeg is not installed");
        const int rate = 44100;
        var mix = MatchSignals.Write(Path.Combine(_dir.FullName, "mix.wav"), rate, MatchSignals.Reference(rate, 12, lufs: -18));
        var loud = CodecSafety.WithCeiling(new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -8 } }, -1.0);

        IReadOnlyList<PlatformCheck> Checks(RenderSettings settings, string name)
        {
            var result = Renderer.Render(mix, settings, new RenderOutputs(_dir.FullName, name, Deliverables.Wav24), tools, null, default);
            var master = result.Files.Single().Path;
            return PlatformRule.All.Take(3).Select(rule => PlatformCheck.Run(master, rule, settings.Limiter.Settings!.CeilingDbtp,
                result.IntegratedLufs, result.TruePeakDbtp, Path.Combine(_dir.FullName, $"{name}-{rule.Platform}.{rule.Codec.Extension}"), tools, default)).ToList();
        }

        var before = Checks(loud, "loud");
        Assert.Contains(before, c => Math.Max(c.TruePeakDbtp, c.TruePeakBs1770Dbtp) > CodecSafety.TargetDbtp); // the codecs overshoot
        var safe = CodecSafety.SafeCeiling(-1.0, before)!.Value;
        Assert.True(safe < -1.0);

        var after = Checks(CodecSafety.WithCeiling(loud, safe), "safe");
        Assert.All(after, c =>
        {
            Assert.True(c.TruePeakDbtp <= CodecSafety.TargetDbtp + 0.05, $"{c.Name}: {c.TruePeakDbtp:0.00} dBTP by our meter at a {safe:0.0} dBTP ceiling");
            Assert.True(c.TruePeakBs1770Dbtp <= CodecSafety.TargetDbtp + 0.05, $"{c.Name}: {c.TruePeakBs1770Dbtp:0.00} dBTP by the BS.1770 filter");
        });
    }
}
