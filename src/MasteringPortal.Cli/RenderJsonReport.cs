using System.Text.Json.Serialization;

namespace MasteringPortal.Cli;

// The `--json` object of `mastering render`, with a compile-time contract so that the ahead-of-time-compiled CLI
// writes it too. Nulls are written: a null figure means "not measurable" (silence), not "missing".
internal sealed record RenderJsonReport(
    string Output, double? IntegratedLufs, double? TruePeakDbtp, double? LoudnessRangeLu, double? LoudnessGainDb,
    double RenderTimeSeconds, IReadOnlyList<string> Warnings, RenderJsonMatch? Match, RenderJsonDistortion? Distortion);

/// <summary>What reaching the loudness cost (<c>RenderDistortion</c>): dB figures rounded to 0.1.</summary>
internal sealed record RenderJsonDistortion(
    double? AddedThdPlusNoiseDb, double? LoudPassageGainReductionDb, double LimiterMaxGainReductionDb, bool ClipperUsed,
    double ClipperMaxOverDb, double? CrestFactorBeforeDb, double? CrestFactorAfterDb, double? CrestFactorLostDb);

internal sealed record RenderJsonMatch(
    IReadOnlyList<RenderJsonReference> References, RenderJsonAmounts Amounts, double? TargetLufs,
    IReadOnlyList<string> Notes, string? Report, string? Settings);

internal sealed record RenderJsonReference(string? Name, double? Weight);

internal sealed record RenderJsonAmounts(double TonePercent, double LoudnessPercent, double WidthPercent, double DynamicsPercent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RenderJsonReport))]
internal sealed partial class RenderJsonContext : JsonSerializerContext;
