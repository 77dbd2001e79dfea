using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// How an alternate version's mix (instrumental, a cappella, clean, TV mix) lines up with the main mix, measured before
/// it is mastered with the main master's gain: an alternate exported from another start, or cut shorter, does not
/// drop in for the main master (a TV broadcaster or a music supervisor cuts between them), and the difference signal
/// says whether the alternate is what its name says (an instrumental's difference is the vocal).
/// </summary>
/// <param name="AlternateName">What the alternate is called in the verdicts ("instrumental", "a cappella", …).</param>
/// <param name="SampleRateHz">The rate both mixes are at.</param>
/// <param name="Channels">The channel count both mixes have.</param>
/// <param name="MainFrames">Length of the main mix, frames (counted as decoded).</param>
/// <param name="AlternateFrames">Length of the alternate, frames.</param>
/// <param name="OffsetFrames">Where the alternate's content sits against the main mix's, frames: positive when it starts
/// later (its frame n + offset is the main mix's frame n), 0 when aligned; null when the first
/// <see cref="AlternateAlignment.WindowSeconds"/> s share too little to tell within ±<see cref="AlternateAlignment.SearchSeconds"/> s.</param>
/// <param name="Correlation">The normalised cross-correlation at that offset (−1…1; negative: polarity inverted); null with no offset.</param>
/// <param name="DifferenceLufs">Integrated loudness (BS.1770-4) of main − alternate after the offset; null below the gate (silence).</param>
/// <param name="DifferenceRmsDbfs">RMS level of the difference over every channel and frame (a full-scale sine is −3 dBFS).</param>
/// <param name="DifferencePeakDbfs">Highest sample of the difference, dBFS.</param>
/// <param name="MainLufs">Integrated loudness of the main mix.</param>
/// <param name="AlternateLufs">Integrated loudness of the alternate.</param>
/// <param name="Verdicts">Plain sentences for the engineer and the client: what does not line up and how to export it again,
/// or that it lines up, and the difference's level.</param>
public sealed record AlternateAlignmentReport(
    string AlternateName,
    int SampleRateHz,
    int Channels,
    long MainFrames,
    long AlternateFrames,
    int? OffsetFrames,
    double? Correlation,
    double? DifferenceLufs,
    double DifferenceRmsDbfs,
    double DifferencePeakDbfs,
    double? MainLufs,
    double? AlternateLufs,
    IReadOnlyList<string> Verdicts)
{
    /// <summary>Alternate minus main, frames: negative when the alternate is shorter.</summary>
    public long LengthDifferenceFrames => AlternateFrames - MainFrames;

    public double LengthDifferenceSeconds => (double)LengthDifferenceFrames / SampleRateHz;

    /// <summary>The offset in seconds (positive: the alternate starts later); null when it could not be found.</summary>
    public double? OffsetSeconds => OffsetFrames is { } frames ? (double)frames / SampleRateHz : null;

    /// <summary>As long as the main mix, within one frame.</summary>
    public bool SameLength => Math.Abs(LengthDifferenceFrames) <= 1;

    /// <summary>The alternate is the main mix's content upside down (the difference then holds both).</summary>
    public bool PolarityInverted => Correlation < 0;

    /// <summary>Same length (within one frame) and the same start (offset 0): it drops in for the main mix.</summary>
    public bool LinesUp => SameLength && OffsetFrames == 0;
}

/// <summary>An alternate the engine cannot compare with the main mix (another rate, another channel count); the message is for the engineer and the client.</summary>
public sealed class AlternateAlignmentException(string message) : Exception(message);

/// <summary>
/// Checks that an alternate version's mix lines up with the main mix (issue 20 §4): the same rate and channels (else
/// refused in words), the same length, the same start, and the level of what differs. The start is found by
/// cross-correlating the first <see cref="WindowSeconds"/> s of the main mix with the alternate over ±<see cref="SearchSeconds"/> s
/// (every channel, FFT in segments so memory stays small at any rate, then the best lag and its neighbours recomputed
/// exactly in double precision); the normalised correlation picks the lag, so a louder or quieter alternate is found
/// alike. The difference main − alternate (after that offset, over the longer of the two) is measured as integrated
/// loudness with the engine's <see cref="LoudnessMeter"/> and as RMS. Streaming: memory holds the two windows only.
/// </summary>
public static class AlternateAlignment
{
    /// <summary>How much of the main mix's start is compared (s).</summary>
    public const double WindowSeconds = 30;

    /// <summary>How far either way the alternate's start is looked for (s).</summary>
    public const double SearchSeconds = 1;

    /// <summary>Below this normalised correlation the two share too little to place the alternate (an a cappella whose
    /// vocal is 15 dB under the music still correlates at about 0.17).</summary>
    public const double MinCorrelation = 0.1;

    /// <summary>A difference whose highest sample is under this is no difference (dBFS; under a 16-bit step).</summary>
    public const double SameAsMainPeakDbfs = -90;

    const int BlockFrames = 8192;

    /// <summary>Compares an alternate with the main mix; the verdicts call it "the alternate".</summary>
    public static AlternateAlignmentReport Measure(string mainMixPath, string alternateMixPath, AudioTools tools, CancellationToken ct = default) =>
        Measure(mainMixPath, alternateMixPath, "alternate", tools, ct);

    /// <summary>Compares an alternate with the main mix.</summary>
    /// <param name="alternateName">What the verdicts call it, lower case: "instrumental", "a cappella", "clean version", "TV mix".</param>
    /// <exception cref="AlternateAlignmentException">The two are at different rates or have different channel counts.</exception>
    public static AlternateAlignmentReport Measure(string mainMixPath, string alternateMixPath, string alternateName, AudioTools tools,
        CancellationToken ct = default) =>
        Measure(mainMixPath, alternateMixPath, alternateName, "main mix", tools, ct);

    /// <summary>
    /// Compares an alternate with what it must drop in for, named <paramref name="mainName"/> in the verdicts: "main mix"
    /// for mixes, "main master" for an alternate master the engineer uploads beside their own main master.
    /// </summary>
    /// <exception cref="AlternateAlignmentException">The two are at different rates or have different channel counts.</exception>
    public static AlternateAlignmentReport Measure(string mainPath, string alternatePath, string alternateName, string mainName, AudioTools tools,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var name = string.IsNullOrWhiteSpace(alternateName) ? "alternate" : alternateName.Trim();
        var mainWords = string.IsNullOrWhiteSpace(mainName) ? "main mix" : mainName.Trim();
        var main = AudioFile.Probe(mainPath, tools).Format;
        var alternate = AudioFile.Probe(alternatePath, tools).Format;
        if (alternate.SampleRateHz != main.SampleRateHz)
            throw new AlternateAlignmentException(
                $"The {name} is at {Khz(alternate.SampleRateHz)} and the {mainWords} at {Khz(main.SampleRateHz)}: export the {name} at {Khz(main.SampleRateHz)} from the same session, so the two can be compared sample for sample.");
        if (alternate.Channels != main.Channels)
            throw new AlternateAlignmentException(
                $"The {name} is {ChannelWords(alternate.Channels)} and the {mainWords} {ChannelWords(main.Channels)}: export the {name} {ChannelWords(main.Channels)}, as the {mainWords}, from the same session.");
        var rate = main.SampleRateHz;
        var channels = main.Channels;

        var window = (int)Math.Round(WindowSeconds * rate);
        var search = (int)Math.Round(SearchSeconds * rate);
        var (mainStart, mainStartFrames) = ReadStart(mainPath, tools, channels, window, ct);
        var (altStart, altStartFrames) = ReadStart(alternatePath, tools, channels, window + search, ct);
        var found = FindOffset(mainStart, mainStartFrames, altStart, altStartFrames, channels, search, ct);
        var offset = found?.Lag;

        var d = Difference(mainPath, alternatePath, tools, rate, channels, offset ?? 0, ct);
        var report = new AlternateAlignmentReport(name, rate, channels, d.MainFrames, d.AlternateFrames, offset, found?.Correlation,
            d.DifferenceLufs, d.RmsDbfs, d.PeakDbfs, d.MainLufs, d.AlternateLufs, []);
        return report with { Verdicts = Verdicts(report, mainWords) };
    }

    /// <summary>The sentences of a report, in the order an engineer fixes things: start, length, polarity, then the level.</summary>
    static List<string> Verdicts(AlternateAlignmentReport r, string mainName)
    {
        var the = "The " + r.AlternateName;
        var verdicts = new List<string>();
        if (r.OffsetFrames is not { } offset)
            verdicts.Add($"{the} could not be placed against the {mainName}: its first {WindowSeconds:0} seconds share too little with the {mainName}'s, or it is more than {SearchSeconds:0} second off. Export it from the same session start as the {mainName}.");
        else if (offset != 0)
            verdicts.Add($"{the} starts {HowLong(Math.Abs(offset), r.SampleRateHz)} {(offset > 0 ? "later" : "earlier")} than the {mainName}: export it from the same session start as the {mainName}, so the two line up to the sample.");
        if (!r.SameLength)
            verdicts.Add($"{the} is {HowLong(Math.Abs(r.LengthDifferenceFrames), r.SampleRateHz)} {(r.LengthDifferenceFrames < 0 ? "shorter" : "longer")} than the {mainName}: export it from the same session start to the same end.");
        if (r.PolarityInverted)
            verdicts.Add($"{the} is upside down against the {mainName} (its polarity is inverted): export it again without the polarity flip.");
        if (r.LinesUp && !r.PolarityInverted)
            verdicts.Add($"{the} lines up with the {mainName}: the same length and start, to the sample.");
        if (r.DifferencePeakDbfs < SameAsMainPeakDbfs)
            verdicts.Add($"{the} is the same as the {mainName} (they differ by less than {SameAsMainPeakDbfs:0} dBFS): check that the right file was sent.");
        else
        {
            var level = r.DifferenceLufs is { } lufs ? $"{Number(lufs, "0.0")} LUFS ({Number(r.DifferenceRmsDbfs, "0.0")} dBFS RMS)" : $"{Number(r.DifferenceRmsDbfs, "0.0")} dBFS RMS";
            var main = r.MainLufs is { } m ? $", against {Number(m, "0.0")} LUFS for the {mainName}" : "";
            verdicts.Add($"What differs between the {mainName} and the {r.AlternateName}{(r.LinesUp ? "" : ", as they are placed,")} measures {level}{main}.");
        }
        return verdicts;
    }

    /// <summary>The first <paramref name="maxFrames"/> frames of a file, interleaved, and how many there are.</summary>
    static (float[] Samples, int Frames) ReadStart(string path, AudioTools tools, int channels, int maxFrames, CancellationToken ct)
    {
        using var source = AudioFile.OpenRead(path, tools);
        var samples = new float[(long)maxFrames * channels];
        var frames = 0;
        while (frames < maxFrames)
        {
            ct.ThrowIfCancellationRequested();
            var n = source.Read(samples.AsSpan(frames * channels, Math.Min(BlockFrames, maxFrames - frames) * channels));
            if (n == 0) break;
            frames += n;
        }
        return (samples, frames);
    }

    /// <summary>
    /// The lag k in ±<paramref name="maxLag"/> where Σ main[n]·alt[n + k] (over the main window and every channel) is
    /// largest against the two signals' energies over the frames that overlap at that lag; null when either is silent
    /// or the best correlation is under <see cref="MinCorrelation"/> or at the edge of the search.
    /// </summary>
    static (int Lag, double Correlation)? FindOffset(float[] main, int mainFrames, float[] alt, int altFrames, int channels, int maxLag,
        CancellationToken ct)
    {
        if (mainFrames == 0 || altFrames == 0) return null;
        var mainEnergy = PrefixEnergy(main, mainFrames, channels);
        var altEnergy = PrefixEnergy(alt, altFrames, channels);
        if (mainEnergy[^1] <= 0 || altEnergy[^1] <= 0) return null;

        // Segmented FFT correlation: each segment of S main frames against the alternate from S0 − L to S0 + S + L;
        // with N ≥ S + 2L the circular correlation does not wrap for lags 0…2L.
        var n = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4 * maxLag + 1, 4096));
        var segment = n - 2 * maxLag;
        var fft = new Radix2Fft(n);
        var aRe = new float[n];
        var aIm = new float[n];
        var bRe = new float[n];
        var bIm = new float[n];
        var sumRe = new float[n];
        var sumIm = new float[n];
        var correlation = new double[2 * maxLag + 1];
        for (var start = 0; start < mainFrames; start += segment)
        {
            ct.ThrowIfCancellationRequested();
            var take = Math.Min(segment, mainFrames - start);
            Array.Clear(sumRe);
            Array.Clear(sumIm);
            for (var c = 0; c < channels; c++)
            {
                Array.Clear(aRe);
                Array.Clear(aIm);
                Array.Clear(bRe);
                Array.Clear(bIm);
                for (var i = 0; i < take; i++) aRe[i] = main[(long)(start + i) * channels + c];
                var from = start - maxLag;
                for (var j = Math.Max(0, -from); j < take + 2 * maxLag && from + j < altFrames; j++) bRe[j] = alt[(long)(from + j) * channels + c];
                fft.Forward(aRe, aIm);
                fft.Forward(bRe, bIm);
                // conj(A)·B
                for (var k = 0; k < n; k++)
                {
                    sumRe[k] += aRe[k] * bRe[k] + aIm[k] * bIm[k];
                    sumIm[k] += aRe[k] * bIm[k] - aIm[k] * bRe[k];
                }
            }
            // Inverse by the forward transform of the conjugate; the real part is all that is needed.
            for (var k = 0; k < n; k++) sumIm[k] = -sumIm[k];
            fft.Forward(sumRe, sumIm);
            for (var m = 0; m <= 2 * maxLag; m++) correlation[m] += sumRe[m] / (double)n;
        }

        double? Normalised(int lag, double raw)
        {
            var lo = Math.Max(0, -lag);
            var hi = Math.Min(mainFrames, altFrames - lag);
            if (hi <= lo) return null;
            var energy = (mainEnergy[hi] - mainEnergy[lo]) * (altEnergy[hi + lag] - altEnergy[lo + lag]);
            return energy > 0 ? raw / Math.Sqrt(energy) : null;
        }

        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            if (Normalised(lag, correlation[lag + maxLag]) is { } r && Math.Abs(r) > bestValue)
                (best, bestValue) = (lag, Math.Abs(r));
        }
        if (double.IsNegativeInfinity(bestValue)) return null;

        // The float FFT places the peak; the neighbours are recomputed exactly, so the lag is the sample it should be.
        (int Lag, double Correlation)? exact = null;
        for (var lag = Math.Max(-maxLag, best - 2); lag <= Math.Min(maxLag, best + 2); lag++)
        {
            if (Normalised(lag, Direct(main, mainFrames, alt, altFrames, channels, lag)) is not { } r) continue;
            if (exact is null || Math.Abs(r) > Math.Abs(exact.Value.Correlation)) exact = (lag, r);
        }
        if (exact is not { } found || Math.Abs(found.Correlation) < MinCorrelation || Math.Abs(found.Lag) >= maxLag) return null;
        return found;
    }

    /// <summary>Σ main[n]·alt[n + lag] over the frames both have, every channel, in double precision.</summary>
    static double Direct(float[] main, int mainFrames, float[] alt, int altFrames, int channels, int lag)
    {
        var lo = Math.Max(0, -lag);
        var hi = Math.Min(mainFrames, altFrames - lag);
        var sum = 0.0;
        for (long i = lo; i < hi; i++)
        for (var c = 0; c < channels; c++)
            sum += (double)main[i * channels + c] * alt[(i + lag) * channels + c];
        return sum;
    }

    /// <summary>Energy of the frames before each frame: e[k] = Σ over frames &lt; k and every channel of x².</summary>
    static double[] PrefixEnergy(float[] x, int frames, int channels)
    {
        var e = new double[frames + 1];
        for (var i = 0; i < frames; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                double v = x[(long)i * channels + c];
                sum += v * v;
            }
            e[i + 1] = e[i] + sum;
        }
        return e;
    }

    sealed record DifferenceMeasure(long MainFrames, long AlternateFrames, double? DifferenceLufs, double RmsDbfs, double PeakDbfs,
        double? MainLufs, double? AlternateLufs);

    /// <summary>Streams main − alternate (the alternate moved by <paramref name="offset"/>) and meters it, and both mixes.</summary>
    static DifferenceMeasure Difference(string mainPath, string alternatePath, AudioTools tools, int rate, int channels, int offset,
        CancellationToken ct)
    {
        using var main = AudioFile.OpenRead(mainPath, tools);
        using var alternate = AudioFile.OpenRead(alternatePath, tools);
        var options = new LoudnessMeterOptions(TruePeak: false, Series: false);
        var mainMeter = new LoudnessMeter(rate, channels, options);
        var altMeter = new LoudnessMeter(rate, channels, options);
        var diffMeter = new LoudnessMeter(rate, channels, options);
        var shifted = new ShiftedSource(alternate, channels, offset, altMeter.AddFrames);
        var a = new float[BlockFrames * channels];
        var b = new float[BlockFrames * channels];
        var d = new float[BlockFrames * channels];
        long mainFrames = 0, span = 0;
        var sumSquares = 0.0;
        var peak = 0.0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var na = ReadFully(main, a);
            var nb = shifted.Read(b);
            var frames = Math.Max(na, nb);
            if (frames == 0) break;
            Array.Clear(a, na * channels, (frames - na) * channels);
            Array.Clear(b, nb * channels, (frames - nb) * channels);
            mainMeter.AddFrames(a.AsSpan(0, na * channels));
            for (var i = 0; i < frames * channels; i++)
            {
                var x = a[i] - b[i];
                d[i] = x;
                sumSquares += (double)x * x;
                peak = Math.Max(peak, Math.Abs((double)x));
            }
            diffMeter.AddFrames(d.AsSpan(0, frames * channels));
            mainFrames += na;
            span += frames;
        }
        var rms = span > 0 && sumSquares > 0 ? 10 * Math.Log10(sumSquares / (span * channels)) : double.NegativeInfinity;
        return new DifferenceMeasure(mainFrames, shifted.SourceFrames, diffMeter.IntegratedLufs, rms, 20 * Math.Log10(peak),
            mainMeter.IntegratedLufs, altMeter.IntegratedLufs);
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the source goes; returns the frames read (fewer only at the end).</summary>
    static int ReadFully(IAudioSource source, Span<float> buffer)
    {
        var channels = source.Format.Channels;
        var frames = 0;
        while (frames * channels < buffer.Length)
        {
            var n = source.Read(buffer[(frames * channels)..]);
            if (n == 0) break;
            frames += n;
        }
        return frames;
    }

    /// <summary>
    /// The alternate as the main mix's timeline sees it: frame n is the alternate's frame n + offset (zeros before its
    /// start). Every frame of the file, skipped ones too, goes to <paramref name="seen"/> (the alternate's own meter).
    /// </summary>
    sealed class ShiftedSource(IAudioSource source, int channels, int offset, ShiftedSource.Seen seen)
    {
        public delegate void Seen(ReadOnlySpan<float> interleaved);

        long _leadingZeros = Math.Max(0, -offset);
        long _skip = Math.Max(0, offset);
        bool _ended;

        public long SourceFrames { get; private set; }

        public int Read(float[] buffer)
        {
            var capacity = buffer.Length / channels;
            while (_skip > 0 && !_ended)
            {
                var n = ReadSource(buffer.AsSpan(0, (int)Math.Min(_skip, capacity) * channels));
                _skip -= n;
            }
            var frames = 0;
            if (_leadingZeros > 0)
            {
                frames = (int)Math.Min(_leadingZeros, capacity);
                Array.Clear(buffer, 0, frames * channels);
                _leadingZeros -= frames;
            }
            while (frames < capacity && !_ended) frames += ReadSource(buffer.AsSpan(frames * channels, (capacity - frames) * channels));
            return frames;
        }

        int ReadSource(Span<float> span)
        {
            var n = source.Read(span);
            if (n == 0)
            {
                _ended = true;
                return 0;
            }
            seen(span[..(n * channels)]);
            SourceFrames += n;
            return n;
        }
    }

    /// <summary>"0.52 s", "12 ms", "3 samples": a length in the unit that reads best.</summary>
    static string HowLong(long frames, int rateHz)
    {
        var seconds = (double)frames / rateHz;
        if (seconds >= 0.1) return Number(seconds, "0.00") + " s";
        if (seconds >= 0.001) return Number(seconds * 1000, "0.#") + " ms";
        return frames == 1 ? "1 sample" : $"{frames} samples";
    }

    static string Khz(int rateHz) => Number(rateHz / 1000.0, "0.###") + " kHz";

    static string ChannelWords(int channels) => channels switch
    {
        1 => "mono",
        2 => "stereo",
        _ => $"{channels}-channel",
    };

    static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
