using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Matching;

/// <summary>One file as the tonal distance sees it: its whole-file mid spectrum, loudness and true peak.</summary>
/// <param name="MidDb">Long-term 1/3-octave spectrum of the mid (L+R)/2 over the WHOLE file (<see cref="LongTermSpectrumAnalyzer"/>).</param>
public sealed record TonalMeasurement(int SampleRateHz, double? IntegratedLufs, double TruePeakDbtp, double?[] MidDb);

/// <summary>
/// How far a master's tonal balance is from a reference's: the mean absolute difference of their long-term
/// 1/3-octave mid spectra from 40 Hz to 16 kHz, after aligning the overall level (the mean difference over those
/// bands is taken out, so a louder or quieter master is not "further"). The measure a listener's ear and a
/// spectrum analyser agree on for "does it sound like the reference", and the one Matchering is compared on.
/// <para>
/// Why the whole file and not the matcher's loud sections: the distance judges the match from outside, so it must
/// not share the matcher's own choices; a quiet intro that the gate leaves out still counts here as the listener
/// hears it. Files at different rates compare directly: 1/3-octave bands are in Hz, and 16 kHz is below every
/// rate's Nyquist from 44.1 kHz up.
/// </para>
/// </summary>
public static class TonalDistance
{
    public const double LowestHz = 40;
    public const double HighestHz = 16000;

    private const int BlockFrames = 8192;

    /// <summary>The band indices the distance averages over (40 Hz-16 kHz nominal centres).</summary>
    public static int[] Bands { get; } = Enumerable.Range(0, ThirdOctaveBands.Count)
        .Where(b => ThirdOctaveBands.NominalCentresHz[b] is >= LowestHz and <= HighestHz).ToArray();

    public static TonalMeasurement MeasureFile(string path, AudioTools tools)
    {
        using var source = AudioFile.OpenRead(path, tools);
        return Measure(source);
    }

    /// <summary>One streaming pass: the meter (integrated loudness, true peak as the meter has it) and the mid spectrum.</summary>
    public static TonalMeasurement Measure(IAudioSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var channels = source.Format.Channels;
        var rate = source.Format.SampleRateHz;
        var meter = new LoudnessMeter(rate, channels, new LoudnessMeterOptions(TruePeak: true, Series: false));
        var spectrum = new LongTermSpectrumAnalyzer(rate, hasSide: false);
        var interleaved = new float[BlockFrames * channels];
        var mid = new float[BlockFrames];
        int frames;
        while ((frames = source.Read(interleaved)) > 0)
        {
            var samples = interleaved.AsSpan(0, frames * channels);
            meter.AddFrames(samples);
            for (var i = 0; i < frames; i++)
                mid[i] = channels >= 2 ? 0.5f * (samples[i * channels] + samples[i * channels + 1]) : samples[i * channels];
            spectrum.Add(mid.AsSpan(0, frames), default);
        }
        return new TonalMeasurement(rate, meter.IntegratedLufs, meter.TruePeakDbtp, spectrum.Finish().MidDb);
    }

    /// <summary>Mean absolute difference (dB) of two 1/3-octave spectra over <see cref="Bands"/>, after removing their mean difference.</summary>
    public static double MeanAbsoluteDifferenceDb(IReadOnlyList<double?> spectrumDb, IReadOnlyList<double?> referenceDb)
    {
        var differences = Differences(spectrumDb, referenceDb);
        var offset = differences.Average();
        return differences.Average(d => Math.Abs(d - offset));
    }

    /// <summary>Per-band difference (spectrum − reference, dB) over <see cref="Bands"/>, level-aligned: the mean is zero.</summary>
    public static double[] AlignedDifferencesDb(IReadOnlyList<double?> spectrumDb, IReadOnlyList<double?> referenceDb)
    {
        var differences = Differences(spectrumDb, referenceDb);
        var offset = differences.Average();
        return differences.Select(d => d - offset).ToArray();
    }

    private static double[] Differences(IReadOnlyList<double?> spectrumDb, IReadOnlyList<double?> referenceDb)
    {
        if (spectrumDb.Count != ThirdOctaveBands.Count || referenceDb.Count != ThirdOctaveBands.Count)
            throw new ArgumentException($"A spectrum has {ThirdOctaveBands.Count} bands.");
        return Bands.Select(b => spectrumDb[b] is { } s && referenceDb[b] is { } r
            ? s - r
            : throw new ArgumentException($"The {ThirdOctaveBands.NominalCentresHz[b]} Hz band holds nothing: the distance needs every band from 40 Hz to 16 kHz.")).ToArray();
    }
}
