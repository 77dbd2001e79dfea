using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Everything the intake pass measured about a mix, and the checklist derived from it. Serialises with
/// System.Text.Json (<see cref="JsonOptions"/>) for the portal to store; docs/ANALYZE-JSON.md is the schema.
/// Levels that do not exist (loudness below the BS.1770 absolute gate, the peak of digital silence) are
/// null, never a sentinel number.
/// </summary>
public sealed record IntakeAnalysis
{
    public required double DurationSeconds { get; init; }
    public required int SampleRateHz { get; init; }
    public required int Channels { get; init; }
    /// <summary>Declared bits per sample on disk (0 when a compressed format has none).</summary>
    public required int BitDepth { get; init; }
    /// <summary>Bits that actually carry information (see <see cref="EffectiveBitDepthDetector"/>); null for silence.</summary>
    public required int? EffectiveBitDepth { get; init; }
    /// <summary>pcm, float or compressed.</summary>
    public required string Encoding { get; init; }
    /// <summary>Container or codec name as the reader reports it (wav, aiff, mp3, …).</summary>
    public required string Container { get; init; }

    public required double? IntegratedLufs { get; init; }
    public required double? LoudnessRangeLu { get; init; }
    public required double? MaxMomentaryLufs { get; init; }
    public required double? MaxShortTermLufs { get; init; }
    public required double? TruePeakDbtp { get; init; }
    public required double? SamplePeakDbfs { get; init; }
    /// <summary>Peak-to-loudness ratio, true peak minus integrated loudness (AES TD1008 / EBU usage).</summary>
    public required double? PeakToLoudnessRatioDb { get; init; }
    public required double?[] ChannelTruePeakDbtp { get; init; }
    public required double?[] ChannelSamplePeakDbfs { get; init; }

    public required ClippingSummary Clipping { get; init; }
    /// <summary>Share (0-1) of loud 3 s windows whose peak sits within 0.1 dB of the file's maximum.</summary>
    public required double? PinnedPeakShare { get; init; }

    /// <summary>Mean sample value of each channel, dBFS of its magnitude; null when exactly zero.</summary>
    public required double?[] DcOffsetDbfs { get; init; }
    /// <summary>Left/right correlation over the whole file (+1 mono, 0 unrelated, -1 inverted); null for mono.</summary>
    public required double? StereoCorrelation { get; init; }
    /// <summary>Integrated loudness of the mono fold-down (L+R)/2 played on both speakers.</summary>
    public required double? MonoFoldDownLufs { get; init; }
    /// <summary>Stereo minus fold-down integrated loudness; null for mono or when either is below the gate.</summary>
    public required double? MonoFoldDownLossLu { get; init; }

    public required SilenceSummary Silence { get; init; }
    public required LossyCutoff LossyCutoff { get; init; }
    public required ThirdOctaveSpectrum Spectrum { get; init; }
    public required LoudnessCurves LoudnessCurves { get; init; }
    /// <summary>Band correlation and fold-down loss over time (stereo only; null for mono and for analyses stored before it existed).</summary>
    public MonoTimeline? MonoTimeline { get; init; }

    /// <summary>Waveform peaks at each zoom level; left out of JSON when null (the CLI omits them unless asked).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WaveformPeaks>? Waveforms { get; init; }

    public IReadOnlyList<IntakeCheck> Checks { get; init; } = [];

    /// <summary>True when any check is a problem: the portal refuses the submission.</summary>
    public bool HasProblems => Checks.Any(c => c.Status == CheckStatus.Problem);

    /// <summary>
    /// camelCase, enums as lower-case words, nulls written (a null level is information). The contract of these
    /// types is source-generated (<see cref="IntakeAnalysisJsonContext"/>): building it by reflection at run time
    /// cost `mastering analyze` about 0.1 s of CPU per process. Other types fall back to reflection.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(IntakeAnalysisJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? new JsonSerializerOptions(JsonOptions) { WriteIndented = true } : JsonOptions);

    public static IntakeAnalysis? FromJson(string json) => JsonSerializer.Deserialize<IntakeAnalysis>(json, JsonOptions);

    /// <summary>
    /// Writes the same object as <see cref="ToJson"/> straight into <paramref name="writer"/> through the source
    /// generator's serialization-only fast path (plain writer calls, no property metadata to build), which is what a
    /// short-lived process such as `mastering analyze` wants: about 0.1 s less CPU per run than the metadata path.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer) => JsonSerializer.Serialize(writer, this, IntakeAnalysisWriteContext.Default.IntakeAnalysis);
}

/// <summary>
/// Momentary (400 ms) and short-term (3 s) loudness at <see cref="IntervalSeconds"/> spacing, for charts.
/// A null point is digital silence (no finite loudness).
/// </summary>
public sealed record LoudnessCurves(double IntervalSeconds, float?[] MomentaryLufs, float?[] ShortTermLufs);

/// <summary>Compile-time JSON contract of <see cref="IntakeAnalysis"/> (same shape as <see cref="IntakeAnalysis.JsonOptions"/>' defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IntakeAnalysis))]
internal sealed partial class IntakeAnalysisJsonContext : JsonSerializerContext;

/// <summary>Serialization-only contract for <see cref="IntakeAnalysis.WriteJson"/>: the generated code writes each property directly.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(IntakeAnalysis))]
internal sealed partial class IntakeAnalysisWriteContext : JsonSerializerContext;
