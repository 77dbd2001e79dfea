using System.Text.Json.Nodes;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Render;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// Our match held to Matchering's RECORDED figures on one mix/reference pair (issue 18 §3), for the synthetic set
/// (<see cref="MatchingAgainstMatcheringTests"/>) and the real-music pairs alike. The figures come from a bench script
/// that runs Matchering itself on the same audio; the pair is first checked to be that audio (its loudness and its
/// unprocessed distance within 0.01), so a changed pair cannot be compared with stale figures: it fails until the
/// script is run again.
/// </summary>
internal static class RecordedMatchering
{
    private const double LoudnessToleranceLu = 0.3;
    private const double FingerprintTolerance = 0.01;

    /// <summary>The allowance for overs of the true-peak limiter's own acceptance (0.05 dB over the ceiling by the meter).</summary>
    private const double OverToleranceDb = 0.05;

    /// <summary>The recorded figures of <paramref name="name"/> in the test output's Matching/<paramref name="file"/>.</summary>
    public static JsonNode Figures(string file, string name, string rerun)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Matching", file);
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        return document["pairs"]!.AsArray().SingleOrDefault(p => (string?)p!["name"] == name)
               ?? throw new InvalidOperationException($"{path} has no figures for {name}: run {rerun}");
    }

    /// <summary>
    /// Matches the mix to the reference with <paramref name="options"/> and asserts: closer to the reference's tonal
    /// balance than Matchering was, within 0.3 LU of the reference's loudness, no true peak over the ceiling. Returns
    /// the line it measured, for the test's output.
    /// </summary>
    public static string AssertCloserThanMatchering(string name, string mixPath, string refPath, JsonNode recorded, MatchOptions options, string rerun)
    {
        var mix = TonalDistance.MeasureFile(mixPath, Ffmpeg.Tools);
        var reference = TonalDistance.MeasureFile(refPath, Ffmpeg.Tools);
        var unprocessed = TonalDistance.MeanAbsoluteDifferenceDb(mix.MidDb, reference.MidDb);
        Assert.True(Math.Abs(mix.IntegratedLufs!.Value - (double)recorded["mixLufs"]!) <= FingerprintTolerance
                    && Math.Abs(reference.IntegratedLufs!.Value - (double)recorded["referenceLufs"]!) <= FingerprintTolerance
                    && Math.Abs(unprocessed - (double)recorded["unprocessedDb"]!) <= FingerprintTolerance,
            $"{name} is not the audio Matchering was measured on (mix {mix.IntegratedLufs:0.000} LUFS, reference " +
            $"{reference.IntegratedLufs:0.000} LUFS, distance {unprocessed:0.000} dB; recorded {recorded["mixLufs"]}, " +
            $"{recorded["referenceLufs"]}, {recorded["unprocessedDb"]}): run {rerun} again");

        using var dir = new RenderTestFolder();
        var result = ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], options, new RenderOutputs(dir.Path, "master"),
            Ffmpeg.Tools, measureMaster: false);
        var master = TonalDistance.MeasureFile(result.Render.Files[0].Path, Ffmpeg.Tools);
        var ours = TonalDistance.MeanAbsoluteDifferenceDb(master.MidDb, reference.MidDb);
        var matchering = (double)recorded["matchering"]!["distanceDb"]!;
        var ceiling = result.Match.Settings.Limiter.Settings.CeilingDbtp;
        var line = $"{name}: ours {ours:0.00} dB ({master.IntegratedLufs:0.00} LUFS, {master.TruePeakDbtp:0.00} dBTP), Matchering {matchering:0.00} dB, " +
                   $"unprocessed {unprocessed:0.00} dB; reference {reference.IntegratedLufs:0.00} LUFS; clipper {result.Match.Settings.Clipper.Enabled}; " +
                   string.Join(" / ", result.Match.Report.Notes);
        Assert.True(ours < matchering, $"{name}: ours {ours:0.00} dB from the reference, Matchering {matchering:0.00} dB, unprocessed {unprocessed:0.00} dB");
        Assert.InRange(master.IntegratedLufs!.Value, reference.IntegratedLufs!.Value - LoudnessToleranceLu, reference.IntegratedLufs.Value + LoudnessToleranceLu);
        Assert.True(master.TruePeakDbtp <= ceiling + OverToleranceDb, $"{name}: true peak {master.TruePeakDbtp:0.000} dBTP over the {ceiling} dBTP ceiling");
        return line;
    }
}
