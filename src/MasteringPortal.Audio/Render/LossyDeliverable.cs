using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// MP3 320 kb/s and AAC 256 kb/s from the master, then the codec check: the encoded
/// file is decoded again and its true peak measured, since lossy coding adds overshoot the PCM master did not have.
/// </summary>
public static class LossyDeliverable
{
    /// <summary>Above this the renderer warns (the streaming services' recommendation for lossy delivery).</summary>
    public const double MaxTruePeakDbtp = -1.0;

    public static RenderedFile Encode(string masterPath, Deliverables kind, string outputPath, AudioTools tools, CancellationToken ct)
    {
        var settings = kind switch
        {
            Deliverables.Mp3 => EncodeSettings.Mp3Cbr(320),
            Deliverables.Aac => EncodeSettings.Aac(256),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only MP3 and AAC are lossy deliverables."),
        };
        FfmpegEncoder.Encode(masterPath, outputPath, settings, tools, ct);
        var (lufs, truePeak) = Measure(outputPath, tools, ct);
        return new RenderedFile(kind, outputPath, lufs, truePeak);
    }

    /// <summary>The codec check's warning for a decoded lossy file, or null when its true peak is within the limit.</summary>
    public static string? CodecCheck(RenderedFile file) => file.TruePeakDbtp > MaxTruePeakDbtp
        ? $"The {(file.Kind == Deliverables.Mp3 ? "MP3" : "AAC")} file peaks at {file.TruePeakDbtp.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture)} dBTP after encoding (above {MaxTruePeakDbtp:0} dBTP): lower the ceiling or the loudness target to avoid clipping on playback."
        : null;

    /// <summary>Integrated loudness and true peak of a file as decoded (BS.1770-4).</summary>
    public static (double? IntegratedLufs, double TruePeakDbtp) Measure(string path, AudioTools tools, CancellationToken ct)
    {
        using var source = AudioFile.OpenRead(path, tools);
        var f = source.Format;
        var meter = new LoudnessMeter(f.SampleRateHz, f.Channels, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var buffer = new float[4096 * f.Channels];
        int frames;
        while ((frames = source.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            meter.AddFrames(buffer.AsSpan(0, frames * f.Channels));
        }
        return (meter.IntegratedLufs, meter.TruePeakDbtp);
    }
}
