using System.Numerics.Tensors;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// What reference matching needs to know about one file (a reference, the mix, or the master afterwards).
/// Levels in dB re full scale, loudness per BS.1770-4 / EBU R128.
/// </summary>
/// <param name="LoudSpectrum">Mid and side 1/3-octave spectrum over the loud sections (<see cref="LoudSectionSpectrum"/>).</param>
/// <param name="GateLufs">Short-term loudness a frame needed to count in <paramref name="LoudSpectrum"/>.</param>
/// <param name="LoudShare">Share of the file inside the loud sections (0-1).</param>
public sealed record ReferenceAnalysis(
    int SampleRateHz,
    int Channels,
    double DurationSeconds,
    double? IntegratedLufs,
    double? LoudnessRangeLu,
    double? TruePeakDbtp,
    double? MaxShortTermLufs,
    ThirdOctaveSpectrum LoudSpectrum,
    double? GateLufs,
    double LoudShare)
{
    /// <summary>Peak-to-loudness ratio, true peak minus integrated loudness (EBU Tech 3342's PLR), dB.</summary>
    public double? PeakToLoudnessRatioDb => TruePeakDbtp - IntegratedLufs;

    /// <summary>Stereo width per band: side level minus mid level, dB (null for mono or an empty band).</summary>
    public double?[] WidthDb => LoudSpectrum.SideDb is { } side
        ? LoudSpectrum.MidDb.Select((m, b) => m is { } mid && side[b] is { } s ? s - mid : (double?)null).ToArray()
        : new double?[LoudSpectrum.MidDb.Length];
}

/// <param name="GateLu">Frames within this many LU of the loudest 3 s count in the loud-section spectrum.</param>
/// <param name="TruePeak">Measure true peak (4x oversampled with parabolic vertices): needed for PLR in a report, not for the match.</param>
public sealed record ReferenceAnalyzerOptions(double GateLu = LoudSectionSpectrum.DefaultGateLu, bool TruePeak = true);

/// <summary>
/// One streaming pass over a file (any format the audio core reads, through ffmpeg where needed) that
/// measures integrated loudness, loudness range, true peak (<see cref="LoudnessMeter"/>) and the loud-section
/// mid/side spectrum. Memory is fixed: a block, the meter's state and the spectrum's ring and table.
/// </summary>
public static class ReferenceAnalyzer
{
    private const int BlockFrames = 4096;

    public static ReferenceAnalysis AnalyzeFile(string path, AudioTools tools, ReferenceAnalyzerOptions? options = null,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new AudioFileException("There is no such file.");
        using var source = AudioFile.OpenRead(path, tools);
        return Analyze(source, options, progress, ct);
    }

    public static ReferenceAnalysis Analyze(IAudioSource source, ReferenceAnalyzerOptions? options = null,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new ReferenceAnalyzerOptions();
        var format = source.Format;
        var channels = format.Channels;
        var rate = format.SampleRateHz;
        if (rate < LoudnessMeter.MinSampleRateHz || rate > LoudnessMeter.MaxSampleRateHz)
            throw new AudioFileException($"This file's sample rate ({rate} Hz) is outside the 8-384 kHz we can measure: please export it at 44.1 kHz or higher.");
        if (channels < 1) throw new AudioFileException("This file has no audio channels: please export it again.");

        var meter = new LoudnessMeter(rate, channels, new LoudnessMeterOptions(TruePeak: options.TruePeak, Series: false));
        var spectrum = new LoudSectionSpectrum(rate, hasSide: channels >= 2, options.GateLu);
        var interleaved = new float[BlockFrames * channels];
        var left = new float[BlockFrames];
        var right = new float[BlockFrames];
        var mid = new float[BlockFrames];
        var side = new float[BlockFrames];
        long position = 0;
        var expected = source.LengthFrames;
        var lastReported = -1.0;
        int frames;
        while ((frames = source.Read(interleaved)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            var samples = interleaved.AsSpan(0, frames * channels);
            meter.AddFrames(samples);
            var m = mid.AsSpan(0, frames);
            if (channels >= 2)
            {
                // Mid and side of the front pair: the image a listener compares.
                var l = left.AsSpan(0, frames);
                var r = right.AsSpan(0, frames);
                for (var i = 0; i < frames; i++)
                {
                    l[i] = samples[i * channels];
                    r[i] = samples[i * channels + 1];
                }
                var s = side.AsSpan(0, frames);
                TensorPrimitives.Add(l, r, m);
                TensorPrimitives.Multiply(m, 0.5f, m);
                TensorPrimitives.Subtract(l, r, s);
                TensorPrimitives.Multiply(s, 0.5f, s);
                spectrum.Add(m, s);
            }
            else
            {
                samples.CopyTo(m);
                spectrum.Add(m, default);
            }
            position += frames;
            if (progress is not null && expected is > 0)
            {
                var fraction = Math.Min(1.0, (double)position / expected.Value);
                if (fraction - lastReported >= 0.01) { progress.Report(fraction); lastReported = fraction; }
            }
        }
        var loud = spectrum.Finish();
        progress?.Report(1.0);
        var truePeak = options.TruePeak ? meter.TruePeakDbtp : double.NaN;
        return new ReferenceAnalysis(
            rate, channels, (double)position / rate,
            meter.IntegratedLufs, meter.LoudnessRangeLu,
            double.IsFinite(truePeak) ? truePeak : null,
            meter.MaxShortTermLufs,
            loud.Spectrum, loud.GateLufs, loud.LoudShare);
    }
}
