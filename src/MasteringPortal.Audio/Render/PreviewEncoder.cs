using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Resampling;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Audio.Render;

/// <summary>How a studio's previews sound: MP3 bit rate and the watermark interval (0 = no watermark).</summary>
public sealed record PreviewSettings(int BitrateKbps = PreviewSettings.DefaultBitrateKbps, int WatermarkEverySeconds = 0)
{
    public const int DefaultBitrateKbps = 128;

    /// <summary>The bit rates a studio may choose: low enough to be a preview, high enough to judge a master by.</summary>
    public const int MinBitrateKbps = 64, MaxBitrateKbps = 192;

    /// <summary>The longest watermark interval offered (a blip every 2 minutes).</summary>
    public const int MaxWatermarkEverySeconds = 120;
}

/// <summary>
/// The preview a client streams before paying: the master as MP3 at the studio's reduced bit rate,
/// with the optional <see cref="PreviewWatermark"/> mixed in. The master is streamed through our own DSP
/// (rates above 48 kHz are converted to 44.1 or 48 kHz first, which MP3 requires) and piped to ffmpeg as
/// float, so no intermediate file is written and memory does not grow with the track's length.
/// </summary>
public static class PreviewEncoder
{
    public static void Encode(string masterPath, string outputPath, PreviewSettings settings, AudioTools tools,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.BitrateKbps, PreviewSettings.MinBitrateKbps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.BitrateKbps, PreviewSettings.MaxBitrateKbps);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.WatermarkEverySeconds);
        using var master = AudioFile.OpenRead(masterPath, tools);
        using var preview = new PreviewSource(master, settings.WatermarkEverySeconds);
        FfmpegEncoder.Encode(preview, outputPath, EncodeSettings.Mp3Cbr(settings.BitrateKbps), tools, cancellationToken);
    }

    /// <summary>The rate a preview is encoded at: the master's up to 48 kHz, else its family's base rate (88.2 → 44.1, 96 → 48).</summary>
    public static int PreviewRateHz(int masterRateHz) => masterRateHz <= 48000 ? masterRateHz
        : masterRateHz % 44100 == 0 ? 44100 : 48000;
}

/// <summary>The master as the preview hears it: converted to <see cref="PreviewEncoder.PreviewRateHz"/> and watermarked.</summary>
public sealed class PreviewSource : IAudioSource
{
    const int BlockFrames = 4096;

    readonly IAudioSource master;
    readonly Resampler? resampler;
    readonly PreviewWatermark? watermark;
    readonly int channels;
    readonly float[] input;
    readonly AudioBlock inputBlock;
    readonly AudioBlock outputBlock;
    readonly float[] pending;
    int pendingStart;
    int pendingFrames;
    long position;
    bool inputEnded;
    bool flushed;

    public PreviewSource(IAudioSource master, int watermarkEverySeconds)
    {
        this.master = master;
        channels = master.Format.Channels;
        var rate = PreviewEncoder.PreviewRateHz(master.Format.SampleRateHz);
        if (rate != master.Format.SampleRateHz)
            resampler = new Resampler(new ResamplerSettings(master.Format.SampleRateHz, rate), channels);
        if (watermarkEverySeconds > 0) watermark = new PreviewWatermark(rate, watermarkEverySeconds);
        Format = master.Format with { SampleRateHz = rate, Encoding = SampleEncoding.Float, BitDepth = 32 };
        LengthFrames = resampler is null ? master.LengthFrames : null;
        input = new float[BlockFrames * channels];
        inputBlock = new AudioBlock(channels, BlockFrames);
        var outputCapacity = resampler?.MaxOutputFrames(BlockFrames) ?? BlockFrames;
        outputBlock = new AudioBlock(channels, outputCapacity);
        pending = new float[outputCapacity * channels];
    }

    public AudioFormat Format { get; }

    public long? LengthFrames { get; }

    public int Read(Span<float> interleaved)
    {
        var wanted = interleaved.Length / channels;
        var written = 0;
        while (written < wanted)
        {
            if (pendingFrames == 0 && !Refill()) break;
            var n = Math.Min(wanted - written, pendingFrames);
            pending.AsSpan(pendingStart * channels, n * channels).CopyTo(interleaved.Slice(written * channels));
            pendingStart += n;
            pendingFrames -= n;
            written += n;
        }
        return written;
    }

    /// <summary>Makes the next block of preview frames; false at the end of the master.</summary>
    bool Refill()
    {
        int frames;
        if (resampler is null)
        {
            frames = inputEnded ? 0 : master.Read(pending.AsSpan(0, BlockFrames * channels));
            if (frames == 0) inputEnded = true;
        }
        else
        {
            frames = 0;
            while (frames == 0 && !flushed)
            {
                if (!inputEnded)
                {
                    var read = master.Read(input);
                    if (read == 0)
                    {
                        inputEnded = true;
                        continue;
                    }
                    inputBlock.Deinterleave(input, read);
                    frames = resampler.Process(inputBlock, outputBlock);
                }
                else
                {
                    frames = resampler.Flush(outputBlock);
                    if (frames == 0) flushed = true;
                }
            }
            if (frames > 0) outputBlock.Interleave(pending.AsSpan(0, frames * channels));
        }
        if (frames == 0) return false;
        watermark?.Apply(pending.AsSpan(0, frames * channels), channels, position);
        position += frames;
        pendingStart = 0;
        pendingFrames = frames;
        return true;
    }

    public void Dispose() => master.Dispose();
}
