using System.Text.Json;
using System.Text.Json.Serialization;
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
/// imager → loudness gain → SRC → true-peak limiter → dither/quantise (issue 4, section 2).
/// </summary>
public sealed record RenderSettings
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public InputGainStage InputGain { get; init; } = new();

    public ProcessorStage<PassFilterSettings> HighPass { get; init; } = new() { Settings = new PassFilterSettings { FrequencyHz = 20 } };

    public ProcessorStage<PassFilterSettings> LowPass { get; init; } = new() { Settings = new PassFilterSettings { FrequencyHz = 20000 } };

    public EqStage Eq { get; init; } = new();

    public ProcessorStage<CompressorSettings> Compressor { get; init; } = new() { Settings = new CompressorSettings() };

    public ProcessorStage<MultibandCompressorSettings> Multiband { get; init; } = new() { Settings = new MultibandCompressorSettings() };

    public ProcessorStage<SaturationSettings> Saturation { get; init; } = new() { Settings = new SaturationSettings() };

    public ProcessorStage<StereoImagerSettings> Imager { get; init; } = new() { Settings = new StereoImagerSettings() };

    /// <summary>Integrated-loudness target reached by gain into the limiter; null = off (no loudness gain).</summary>
    public LoudnessTarget? Loudness { get; init; } = new() { Platform = StreamingPlatform.Spotify };

    public ProcessorStage<TruePeakLimiterSettings> Limiter { get; init; } = new() { Enabled = true, Settings = new TruePeakLimiterSettings() };

    public OutputSettings Output { get; init; } = new();

    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Reads a settings document; throws <see cref="RenderSettingsException"/> with a readable message when it is not one.</summary>
    public static RenderSettings FromJson(string json)
    {
        RenderSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<RenderSettings>(json, JsonOptions);
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

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>One processor of the chain: its on/off switch and its settings record.</summary>
public sealed record ProcessorStage<T> where T : class
{
    public bool Enabled { get; init; }

    public T Settings { get; init; } = default!;
}

public sealed record InputGainStage
{
    public bool Enabled { get; init; }

    /// <summary>Gain before everything else; ±24 dB.</summary>
    public double GainDb { get; init; }
}

public sealed record EqStage
{
    public bool Enabled { get; init; }

    /// <summary>False = minimum-phase biquads (no latency); true = linear-phase FIR (latency compensated by the chain).</summary>
    public bool LinearPhase { get; init; }

    public ParametricEqSettings Settings { get; init; } = new();
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
    public StreamingPlatform? Platform { get; init; }

    public double? CustomLufs { get; init; }

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
    public int? SampleRateHz { get; init; }

    /// <summary>16, 24 (integer PCM) or 32 (float).</summary>
    public int BitDepth { get; init; } = 24;

    /// <summary>TPDF dither before 16/24-bit quantisation (float output is never dithered).</summary>
    public bool Dither { get; init; } = true;

    public NoiseShaping NoiseShaping { get; init; } = NoiseShaping.None;

    /// <summary>Seed of the dither noise: same seed, same bits.</summary>
    public ulong DitherSeed { get; init; } = 0x6D617374UL;
}

/// <summary>A settings document the engine refuses; the message is for the engineer.</summary>
public sealed class RenderSettingsException(string message, Exception? inner = null) : Exception(message, inner);
