using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MasteringPortal.Audio.Dsp.Dither;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Everything one render needs, as ONE JSON document (camelCase). The processing order is fixed by the
/// engine, not by this document: input gain → high-/low-pass → EQ → compressor → multiband → saturation →
/// imager → loudness gain → clipper → SRC → true-peak limiter → dither/quantise.
/// The settings records have plain setters, not <c>init</c>: the source-generated JSON contract (needed by the
/// ahead-of-time-compiled CLI) would otherwise assign every init-only property, so a stage or field left out of a
/// document would read as null or zero instead of its default (dotnet/runtime#84484).
/// </summary>
public sealed record RenderSettings
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public InputGainStage InputGain { get; set; } = new();

    public ProcessorStage<PassFilterSettings> HighPass { get; set; } = new() { Settings = new PassFilterSettings { FrequencyHz = 20 } };

    public ProcessorStage<PassFilterSettings> LowPass { get; set; } = new() { Settings = new PassFilterSettings { FrequencyHz = 20000 } };

    public EqStage Eq { get; set; } = new();

    public ProcessorStage<CompressorSettings> Compressor { get; set; } = new() { Settings = new CompressorSettings() };

    public ProcessorStage<MultibandCompressorSettings> Multiband { get; set; } = new() { Settings = new MultibandCompressorSettings() };

    public ProcessorStage<SaturationSettings> Saturation { get; set; } = new() { Settings = new SaturationSettings() };

    public ProcessorStage<StereoImagerSettings> Imager { get; set; } = new() { Settings = new StereoImagerSettings() };

    /// <summary>Integrated-loudness target reached by gain into the limiter; null = off (no loudness gain).</summary>
    public LoudnessTarget? Loudness { get; set; } = new() { Platform = StreamingPlatform.Spotify };

    /// <summary>Oversampled soft-knee clipper after the loudness gain, sharing loud targets with the limiter; off by default.</summary>
    public ProcessorStage<ClipperSettings> Clipper { get; set; } = new() { Settings = new ClipperSettings() };

    public ProcessorStage<TruePeakLimiterSettings> Limiter { get; set; } = new() { Enabled = true, Settings = new TruePeakLimiterSettings() };

    public OutputSettings Output { get; set; } = new();

    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Reads a settings document; throws <see cref="RenderSettingsException"/> with a readable message when it is not one.</summary>
    public static RenderSettings FromJson(string json)
    {
        RenderSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize(json, TypeInfo);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new RenderSettingsException($"These render settings are not valid JSON{where}: {FirstSentence(e.Message)}", e);
        }
        if (settings is null) throw new RenderSettingsException("These render settings are empty.");
        if (settings.SchemaVersion != CurrentSchemaVersion)
            throw new RenderSettingsException($"These render settings use schema version {settings.SchemaVersion}; this engine reads version {CurrentSchemaVersion}.");
        return settings;
    }

    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    private static JsonTypeInfo<RenderSettings> TypeInfo => (JsonTypeInfo<RenderSettings>)JsonOptions.GetTypeInfo(typeof(RenderSettings));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            // A null where the document needs a value ("widths": null, "limiter": null) is refused as it is read,
            // with its path, instead of reaching a processor (or the validator) as a null reference.
            RespectNullableAnnotations = true,
        };
        // The contract is source-generated (RenderSettingsJsonContext), so the document reads and writes the same
        // in a JIT-compiled process and in the ahead-of-time-compiled CLI, where reflection over generic value
        // types is not available. Enums are words in camelCase; every enum the document reaches is listed here
        // (a test walks the settings types and fails on one that is missing).
        options.Converters.Add(new JsonStringEnumConverter<StreamingPlatform>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<EqBandShape>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<EqChannelMode>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<SaturationCurve>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<NoiseShaping>(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new JsonStringEnumConverter<ClipperMode>(JsonNamingPolicy.CamelCase));
        options.TypeInfoResolver = RenderSettingsJsonContext.Default;
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Compile-time JSON contract of <see cref="RenderSettings"/>; the options are <see cref="RenderSettings.JsonOptions"/>'.</summary>
[JsonSerializable(typeof(RenderSettings))]
internal sealed partial class RenderSettingsJsonContext : JsonSerializerContext;

/// <summary>One processor of the chain: its on/off switch and its settings record.</summary>
public sealed record ProcessorStage<T> where T : class
{
    public bool Enabled { get; set; }

    // [DisallowNull]: the source-generated contract cannot see that T (a class) is non-nullable here; this tells it.
    [System.Diagnostics.CodeAnalysis.DisallowNull]
    public T Settings { get; set; } = default!;
}

public sealed record InputGainStage
{
    public bool Enabled { get; set; }

    /// <summary>Gain before everything else; ±24 dB.</summary>
    public double GainDb { get; set; }
}

public sealed record EqStage
{
    public bool Enabled { get; set; }

    /// <summary>False = minimum-phase biquads (no latency); true = linear-phase FIR (latency compensated by the chain).</summary>
    public bool LinearPhase { get; set; }

    public ParametricEqSettings Settings { get; set; } = new();
}

/// <summary>Streaming services' normalisation targets, integrated LUFS (their published playback references).</summary>
public enum StreamingPlatform
{
    Spotify,
    AppleMusic,
    YouTube,
    Tidal,
    AmazonMusic,
}

/// <summary>A platform's reference or a custom integrated loudness (give exactly one).</summary>
public sealed record LoudnessTarget
{
    public StreamingPlatform? Platform { get; set; }

    public double? CustomLufs { get; set; }

    /// <summary>The target in LUFS (BS.1770-4 integrated loudness).</summary>
    public double TargetLufs => CustomLufs ?? PlatformLufs(Platform ?? StreamingPlatform.Spotify);

    public static double PlatformLufs(StreamingPlatform platform) => platform switch
    {
        StreamingPlatform.AppleMusic => -16,
        _ => -14, // Spotify, YouTube, Tidal, Amazon Music
    };
}

public sealed record OutputSettings
{
    /// <summary>Rate of the main master; null = the mix's rate.</summary>
    public int? SampleRateHz { get; set; }

    /// <summary>16, 24 (integer PCM) or 32 (float).</summary>
    public int BitDepth { get; set; } = 24;

    /// <summary>TPDF dither before 16/24-bit quantisation (float output is never dithered).</summary>
    public bool Dither { get; set; } = true;

    public NoiseShaping NoiseShaping { get; set; } = NoiseShaping.None;

    /// <summary>Seed of the dither noise: same seed, same bits.</summary>
    public ulong DitherSeed { get; set; } = 0x6D617374UL;

    /// <summary>
    /// Highest sample peak of the master when the true-peak limiter is off (dBFS, -24…0); null = not held. Nothing
    /// catches the peaks without the limiter, so the loudness gain is lowered (never raised) until the loudest sample
    /// of the processed mix sits at this level: to the target, or not as far (a vinyl pre-master keeps its peaks under
    /// -3 dBFS, <see cref="Album.VinylPremaster"/>). Ignored while the limiter is on: its own ceiling holds the peaks.
    /// Left out of the document when null, so documents written before it existed read and write as they were.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PeakCeilingDbfs { get; set; }
}

/// <summary>A settings document the engine refuses; the message is for the engineer.</summary>
public sealed class RenderSettingsException(string message, Exception? inner = null) : Exception(message, inner);
