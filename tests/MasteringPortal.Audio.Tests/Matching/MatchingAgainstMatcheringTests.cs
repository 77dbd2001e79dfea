using System.Text.Json.Nodes;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Render;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// Our match against Matchering's on every pair of the test set (<see cref="MatchPairs"/>): closer to the reference's
/// tonal balance (<see cref="TonalDistance"/>), at the reference's loudness within 0.3 LU, and no true peak over the
/// limiter's ceiling by our meter.
/// <para>
/// The peer's figures are RECORDED, not run here: bench/match/peer.sh runs Matchering itself (Python, from its
/// source) on the same files, made by the same seeded code, and writes bench/match/matchering-peer.json. The test
/// makes each pair again and first checks that it is the audio the figures were measured on (mix and reference
/// loudness and their unprocessed distance within 0.01), so a change to the pair generator cannot leave stale
/// figures behind: it fails until the bench is run again.
/// </para>
/// </summary>
public class MatchingAgainstMatcheringTests
{
    private const double LoudnessToleranceLu = 0.3;
    private const double FingerprintTolerance = 0.01;

    /// <summary>The allowance for overs of the true-peak limiter's own acceptance (0.05 dB over the ceiling by the meter).</summary>
    private const double OverToleranceDb = 0.05;

    public static TheoryData<string> Pairs => new(MatchPairs.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Our_match_is_closer_to_the_reference_than_Matcherings_at_its_loudness_and_under_the_ceiling(string name)
    {
        var pair = MatchPairs.All.Single(p => p.Name == name);
        var recorded = Recorded(name);
        using var dir = new RenderTestFolder();
        var mixPath = pair.WriteMix(dir.Path);
        var refPath = pair.WriteReference(dir.Path);
        var mix = TonalDistance.MeasureFile(mixPath, Ffmpeg.Tools);
        var reference = TonalDistance.MeasureFile(refPath, Ffmpeg.Tools);

        var unprocessed = TonalDistance.MeanAbsoluteDifferenceDb(mix.MidDb, reference.MidDb);
        Assert.True(Math.Abs(mix.IntegratedLufs!.Value - (double)recorded["mixLufs"]!) <= FingerprintTolerance
                    && Math.Abs(reference.IntegratedLufs!.Value - (double)recorded["referenceLufs"]!) <= FingerprintTolerance
                    && Math.Abs(unprocessed - (double)recorded["unprocessedDb"]!) <= FingerprintTolerance,
            $"{name} is not the audio Matchering was measured on (mix {mix.IntegratedLufs:0.000} LUFS, reference " +
            $"{reference.IntegratedLufs:0.000} LUFS, distance {unprocessed:0.000} dB; recorded {recorded["mixLufs"]}, " +
            $"{recorded["referenceLufs"]}, {recorded["unprocessedDb"]}): run bench/match/peer.sh again");

        var options = pair.ToneLimitDb is { } limit ? new MatchOptions { MaxBoostDb = limit, MaxCutDb = limit } : new MatchOptions();
        var result = ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], options,
            new RenderOutputs(dir.Path, "master"), Ffmpeg.Tools, measureMaster: false);
        var master = TonalDistance.MeasureFile(result.Render.Files[0].Path, Ffmpeg.Tools);

        var ours = TonalDistance.MeanAbsoluteDifferenceDb(master.MidDb, reference.MidDb);
        var matchering = (double)recorded["matchering"]!["distanceDb"]!;
        Assert.True(ours < matchering, $"{name}: ours {ours:0.00} dB from the reference, Matchering {matchering:0.00} dB, unprocessed {unprocessed:0.00} dB");
        Assert.InRange(master.IntegratedLufs!.Value, reference.IntegratedLufs!.Value - LoudnessToleranceLu, reference.IntegratedLufs.Value + LoudnessToleranceLu);
        var ceiling = result.Match.Settings.Limiter.Settings.CeilingDbtp;
        Assert.True(master.TruePeakDbtp <= ceiling + OverToleranceDb, $"{name}: true peak {master.TruePeakDbtp:0.000} dBTP over the {ceiling} dBTP ceiling");
    }

    private static JsonNode Recorded(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Matching", "matchering-peer.json");
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        return document["pairs"]!.AsArray().SingleOrDefault(p => (string?)p!["name"] == name)
               ?? throw new InvalidOperationException($"{path} has no figures for {name}: run bench/match/peer.sh");
    }
}
