using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// What a match did, as one JSON-serialisable record for the review page to chart: the mix's, the references',
/// their weighted combination's and (after rendering) the master's 1/3-octave spectra and loudness figures,
/// the curves the match aimed at and what its EQ achieves. Band arrays follow <see cref="BandCentresHz"/>;
/// null = no content (or above Nyquist). Spectrum levels are mean-square dB re full scale over the loud sections.
/// </summary>
public sealed record MatchReport
{
    public const int CurrentSchemaVersion = 1;

    // A setter, not init: the source-generated contract would give an omitted init-only property 0 (dotnet/runtime#84484).
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public required double[] BandCentresHz { get; init; }

    /// <summary>Percent of each aspect that was applied (0 when the aspect was not asked for).</summary>
    public required MatchAmounts Amounts { get; init; }

    public required MatchLimits Limits { get; init; }

    public required MatchedAudio Mix { get; init; }

    /// <summary>The weighted combination of the references: what the match aims at.</summary>
    public required MatchedAudio Reference { get; init; }

    public required IReadOnlyList<MatchedAudio> References { get; init; }

    /// <summary>The rendered master, measured the same way (null until rendered).</summary>
    public MatchedAudio? Master { get; init; }

    public required MatchCurves Curves { get; init; }

    /// <summary>Integrated loudness the render aims at; null when loudness was not matched.</summary>
    public double? TargetLufs { get; init; }

    /// <summary>Decisions a reader should know about (bands left alone, limits reached, aspects skipped).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>camelCase, indented, nulls written; the contract is source-generated (<see cref="MatchReportJsonContext"/>) so that the ahead-of-time-compiled CLI writes the same document.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = MatchReportJsonContext.Default,
    };

    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    private static JsonTypeInfo<MatchReport> TypeInfo => (JsonTypeInfo<MatchReport>)JsonOptions.GetTypeInfo(typeof(MatchReport));

    public static MatchReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo) ?? throw new JsonException("An empty match report.");
}

public sealed record MatchAmounts(double TonePercent, double LoudnessPercent, double WidthPercent, double DynamicsPercent);

public sealed record MatchLimits(double MaxBoostDb, double MaxCutDb, double MaxWidthChangeDb, double SmoothingOctaves);

/// <param name="ToneDb">The full tone match per band (reference − mix, smoothed, level-neutral, limited), before the amount.</param>
/// <param name="WidthDb">The full width match per band (change of side relative to mid, limited), before the amount.</param>
/// <param name="MidEqDb">What the written EQ does to the mid (or every channel), averaged over each band.</param>
/// <param name="SideEqDb">What the written EQ does to the side.</param>
public sealed record MatchCurves(double?[] ToneDb, double?[] WidthDb, double?[] MidEqDb, double?[] SideEqDb);

/// <summary>One file's figures in a match report.</summary>
/// <param name="WidthDb">Side level minus mid level per band, dB.</param>
/// <param name="LoudShare">Share of the file in its loud sections (what the spectrum averages).</param>
public sealed record MatchedAudio(
    string? Name,
    double? Weight,
    int? SampleRateHz,
    double? DurationSeconds,
    double? IntegratedLufs,
    double? LoudnessRangeLu,
    double? TruePeakDbtp,
    double? PeakToLoudnessRatioDb,
    double?[] MidDb,
    double?[] SideDb,
    double?[] WidthDb,
    double? LoudShare)
{
    public static MatchedAudio From(ReferenceAnalysis a, string? name, double? weight = null) => new(
        name, weight, a.SampleRateHz, Round(a.DurationSeconds, 3), Round(a.IntegratedLufs), Round(a.LoudnessRangeLu),
        Round(a.TruePeakDbtp), Round(a.PeakToLoudnessRatioDb),
        RoundAll(a.LoudSpectrum.MidDb), RoundAll(a.LoudSpectrum.SideDb ?? new double?[a.LoudSpectrum.MidDb.Length]), RoundAll(a.WidthDb),
        Round(a.LoudShare, 3));

    internal static double? Round(double? v, int digits = 2) => v is { } x && double.IsFinite(x) ? Math.Round(x, digits) : null;

    internal static double?[] RoundAll(IReadOnlyList<double?> values) => values.Select(v => Round(v)).ToArray();
}

/// <summary>The match as a render settings document (open and adjust it like any other) and its report.</summary>
public sealed record MatchResult(RenderSettings Settings, MatchReport Report);

/// <summary>Compile-time JSON contract of <see cref="MatchReport"/>; the options are <see cref="MatchReport.JsonOptions"/>'.</summary>
[JsonSerializable(typeof(MatchReport))]
internal sealed partial class MatchReportJsonContext : JsonSerializerContext;
