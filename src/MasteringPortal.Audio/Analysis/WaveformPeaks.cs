using System.Text.Json.Serialization;

namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Min/max pairs for drawing a waveform, in the JSON layout of BBC audiowaveform (format version 2), which
/// waveform widgets such as peaks.js and wavesurfer.js read directly. <see cref="Data"/> holds, pixel by
/// pixel and within a pixel channel by channel, the minimum then the maximum sample, as signed integers of
/// <see cref="Bits"/> bits (full scale ±128 or ±32768).
/// </summary>
public sealed record WaveformPeaks(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("channels")] int Channels,
    [property: JsonPropertyName("sample_rate")] int SampleRate,
    [property: JsonPropertyName("samples_per_pixel")] int SamplesPerPixel,
    [property: JsonPropertyName("bits")] int Bits,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("data")] short[] Data);
