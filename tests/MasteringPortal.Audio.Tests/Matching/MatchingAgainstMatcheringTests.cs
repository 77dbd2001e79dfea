using MasteringPortal.Audio.Matching;
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
    public static TheoryData<string> Pairs => new(MatchPairs.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Our_match_is_closer_to_the_reference_than_Matcherings_at_its_loudness_and_under_the_ceiling(string name)
    {
        const string rerun = "bench/match/peer.sh";
        var pair = MatchPairs.All.Single(p => p.Name == name);
        var recorded = RecordedMatchering.Figures("matchering-peer.json", name, rerun);
        using var dir = new RenderTestFolder();
        var options = pair.ToneLimitDb is { } limit ? new MatchOptions { MaxBoostDb = limit, MaxCutDb = limit } : new MatchOptions();
        RecordedMatchering.AssertCloserThanMatchering(name, pair.WriteMix(dir.Path), pair.WriteReference(dir.Path), recorded, options, rerun);
    }
}
