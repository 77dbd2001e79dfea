using System.Globalization;
using System.Text.Json.Serialization;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Matching;

/// <summary>The aspects of a reference a match can take over; any combination.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<MatchAspects>))]
public enum MatchAspects
{
    None = 0,
    /// <summary>Tonal balance: the mid/side EQ from the loud-section spectra.</summary>
    Tone = 1,
    /// <summary>Integrated loudness, reached under the limiter's true-peak ceiling.</summary>
    Loudness = 2,
    /// <summary>Side level relative to mid, per 1/3-octave band (side EQ).</summary>
    Width = 4,
    /// <summary>Loudness range: a slow bus compressor when the mix moves more than the reference.</summary>
    Dynamics = 8,
    All = Tone | Loudness | Width | Dynamics,
}

/// <summary>One reference file's analysis and its weight among the references (any non-negative number; normalised).</summary>
public sealed record WeightedReference(ReferenceAnalysis Analysis, double Weight = 1, string? Name = null);

/// <summary>How far to take a match. Amounts are percent: 0 = leave that aspect of the mix as it is, 100 = the reference's.</summary>
public sealed record MatchOptions
{
    /// <summary>Default largest boost of the tone EQ, dB.</summary>
    public const double DefaultMaxBoostDb = 12;

    /// <summary>
    /// Default largest cut of the tone EQ, dB: deeper than the boost, because a cut raises no noise and takes no
    /// headroom, and references darker than the mix by 12-18 dB in a band are common (a top octave rolled off, a
    /// sub-bass the mix has and the reference does not). On the real-music pairs of docs/REFERENCE-MATCHING.md the
    /// mean distance fell from 0.76 to 0.68 dB against a 12 dB cut, and the one pair Matchering had beaten at 12 dB
    /// (a reference whose top octave sits 20 dB under the mix's) came out closer than Matchering's.
    /// </summary>
    public const double DefaultMaxCutDb = 18;

    /// <summary>The most an engineer may open the tone limits to, dB.</summary>
    public const double MaxToneLimitDb = 24;

    /// <summary>The most an engineer may open the width limit to, dB.</summary>
    public const double MaxWidthLimitDb = 12;

    /// <summary>Default largest change of width, dB.</summary>
    public const double DefaultWidthLimitDb = 6;

    public MatchAspects Aspects { get; init; } = MatchAspects.All;

    public double ToneAmountPercent { get; init; } = 100;

    public double LoudnessAmountPercent { get; init; } = 100;

    public double WidthAmountPercent { get; init; } = 100;

    public double DynamicsAmountPercent { get; init; } = 100;

    /// <summary>Largest boost the tone EQ may make in any band, dB (so a bad reference cannot wreck a mix).</summary>
    public double MaxBoostDb { get; init; } = DefaultMaxBoostDb;

    /// <summary>Largest cut the tone EQ may make in any band, dB (a positive number).</summary>
    public double MaxCutDb { get; init; } = DefaultMaxCutDb;

    /// <summary>Largest change of the side level relative to mid in any band, dB (6 dB = twice / half as wide).</summary>
    public double MaxWidthChangeDb { get; init; } = DefaultWidthLimitDb;

    /// <summary>Width (full width at half maximum, octaves) of the Gaussian that smooths the curves across bands; 0 = none.</summary>
    public double SmoothingOctaves { get; init; } = 1.0 / 3;

    /// <summary>
    /// Render the match once on trial and correct its EQ by what the chain after it (limiter, compressor) did to the
    /// tone (<see cref="MatchRefinement"/>): closer to the reference for one render more. Only the file-based entry
    /// points (<see cref="ReferenceMastering"/>) can; <see cref="ReferenceMatcher.Match"/> alone never renders.
    /// </summary>
    public bool RefineOnTrialRender { get; init; } = true;

    /// <summary>
    /// When the trial render falls short of a loud reference with the limiter alone, the match may turn the clipper on
    /// (auto) and say so. Off: the chain keeps its clipper as it is in <see cref="BaseSettings"/> (an engineer who wants
    /// the cleaner master and accepts landing under the reference's loudness).
    /// </summary>
    public bool MayAddClipper { get; init; } = true;

    /// <summary>The document the match is written into: everything the match does not set stays as it is here.</summary>
    public RenderSettings BaseSettings { get; init; } = new();

    /// <summary>Readable problems (empty = usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Amount(problems, "tone", ToneAmountPercent);
        Amount(problems, "loudness", LoudnessAmountPercent);
        Amount(problems, "width", WidthAmountPercent);
        Amount(problems, "dynamics", DynamicsAmountPercent);
        Limit(problems, "maximum boost", MaxBoostDb, MaxToneLimitDb);
        Limit(problems, "maximum cut", MaxCutDb, MaxToneLimitDb);
        Limit(problems, "maximum width change", MaxWidthChangeDb, MaxWidthLimitDb);
        if (!(SmoothingOctaves is >= 0 and <= 2)) problems.Add($"The smoothing {F(SmoothingOctaves)} octaves is outside 0-2 octaves.");
        if (BaseSettings is null) problems.Add("The match needs render settings to start from.");
        return problems;
    }

    internal double Fraction(MatchAspects aspect) => aspect switch
    {
        MatchAspects.Tone => ToneAmountPercent,
        MatchAspects.Loudness => LoudnessAmountPercent,
        MatchAspects.Width => WidthAmountPercent,
        MatchAspects.Dynamics => DynamicsAmountPercent,
        _ => throw new ArgumentOutOfRangeException(nameof(aspect)),
    } / 100 * ((Aspects & aspect) != 0 ? 1 : 0);

    private static void Amount(List<string> problems, string name, double percent)
    {
        if (!(percent is >= 0 and <= 100)) problems.Add($"The {name} amount {F(percent)} % is outside 0-100 %.");
    }

    private static void Limit(List<string> problems, string name, double db, double highestDb)
    {
        if (!(db >= 0 && db <= highestDb)) problems.Add($"The {name} {F(db)} dB is outside 0-{F(highestDb)} dB.");
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Input the matcher refuses (a silent reference, no weight); the message is for the engineer.</summary>
public sealed class MatchException(string message) : Exception(message);
