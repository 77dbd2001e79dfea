using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Audio.Matching;

/// <summary>
/// Long-term 1/3-octave spectrum of mid and side over the LOUD sections of a file only, streamed with flat memory.
/// <para>
/// Why not <see cref="LongTermSpectrumAnalyzer"/>: it averages every frame, so a quiet intro, a breakdown or a
/// fade weighs as much as the chorus, and a reference's tonal balance is the balance of its loud parts. This
/// class uses the same frame length (<see cref="LongTermSpectrumAnalyzer.FrameLengthFor"/>, bins ≤ 3 Hz), a
/// periodic Hann window with 50 % overlap and mid in the real / side in the imaginary part of one FFT
/// (<see cref="Radix2Fft"/>), but it keeps each frame's band powers until the frame's loudness is known.
/// </para>
/// <para>
/// Gate: every frame gets its own loudness (the K-weighted frame power: K-weighting applied per band at its
/// centre, BS.1770-4 channel sum L² + R² = 2(M² + S²); a frame is 0.34-0.37 s, about BS.1770's momentary window)
/// and a short-term loudness, the energy mean of those over about 3 s centred on it. The loudest short-term value
/// marks the top of the song (a 3 s window is not fooled by one transient); a frame counts when both its own and
/// its short-term loudness are within <see cref="GateLu"/> of it, so a quiet passage next to a chorus stays out
/// although the chorus lifts its short-term value. Frames are binned by the lower of the two in 0.5 LU steps with
/// their band powers summed per bin, so the gate can be set after the last frame. Memory: a ring of about 17
/// frames' band powers and a 200 × 62 table, whatever the length.
/// </para>
/// </summary>
public sealed class LoudSectionSpectrum
{
    public const double DefaultGateLu = 15;
    private const double HistogramFloorLufs = -90;
    private const double HistogramStepLu = 0.5;
    private const int HistogramBins = 200;           // -90 … +10 LUFS
    private const double ShortTermWindowSeconds = 3;

    private readonly int _frameLength, _hop, _bandCount;
    private readonly bool _hasSide;
    private readonly MidSideFrame _frame;
    private readonly int _lastBin;
    private readonly int[] _bandFirstBin, _bandBinCount;
    private readonly double[][] _bandBinWeights;     // per band: overlap share of each bin × one-sided factor
    private readonly double[] _bandKWeight;          // |K(f_centre)|² per band
    private readonly double[] _midBinPower, _sideBinPower;

    // Ring of frames waiting for their centred short-term loudness.
    private readonly int _halfWindowFrames;
    private readonly double[][] _ringBands;          // [slot][2 · bands]: mid then side, mean-square power
    private readonly double[] _ringEnergy;           // K-weighted frame energy (channel sum)
    private readonly double[] _ringWeight;           // share of the frame that held real samples
    private long _framesIn, _framesDecided;

    private readonly double[] _histogramBands;
    private readonly double[] _histogramWeight = new double[HistogramBins];
    private double _maxShortTermLufs = double.NegativeInfinity;
    private int _validFrom;
    private bool _finished;

    public LoudSectionSpectrum(int sampleRateHz, bool hasSide, double gateLu = DefaultGateLu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, LoudnessMeter.MinSampleRateHz);
        if (!(gateLu is > 0 and <= 60)) throw new ArgumentOutOfRangeException(nameof(gateLu), gateLu, "The loud-section gate must be between 0 and 60 LU.");
        SampleRateHz = sampleRateHz;
        GateLu = gateLu;
        _hasSide = hasSide;
        _bandCount = ThirdOctaveBands.Count;
        _frameLength = LongTermSpectrumAnalyzer.FrameLengthFor(sampleRateHz);
        _hop = _frameLength / 2;
        var n = _frameLength;
        _frame = new MidSideFrame(n, hasSide);

        var binWidth = (double)sampleRateHz / n;
        var nyquist = sampleRateHz / 2.0;
        _bandFirstBin = new int[_bandCount];
        _bandBinCount = new int[_bandCount];
        _bandBinWeights = new double[_bandCount][];
        _bandKWeight = new double[_bandCount];
        for (var b = 0; b < _bandCount; b++)
        {
            _bandKWeight[b] = Math.Pow(10, KWeighting.MagnitudeDb(Math.Min(ThirdOctaveBands.ExactCentreHz(b), 0.45 * sampleRateHz), sampleRateHz) / 10);
            if (BandBins.For(b, binWidth, nyquist, n / 2) is not { } bins) { _bandBinWeights[b] = []; continue; }
            var weights = new double[bins.Last - bins.First + 1];
            for (var k = bins.First; k <= bins.Last; k++)
            {
                var overlap = bins.OverlapHz(k, binWidth);
                weights[k - bins.First] = overlap > 0 ? overlap / binWidth * _frame.OneSidedFactor(k) : 0;
            }
            _bandFirstBin[b] = bins.First;
            _bandBinCount[b] = weights.Length;
            _bandBinWeights[b] = weights;
            _lastBin = Math.Max(_lastBin, bins.Last);
        }
        _midBinPower = new double[_lastBin + 1];
        _sideBinPower = new double[_lastBin + 1];

        _halfWindowFrames = Math.Max(1, (int)Math.Round(ShortTermWindowSeconds / 2 * sampleRateHz / _hop));
        var ringSize = 2 * _halfWindowFrames + 1;
        _ringBands = new double[ringSize][];
        for (var i = 0; i < ringSize; i++) _ringBands[i] = new double[2 * _bandCount];
        _ringEnergy = new double[ringSize];
        _ringWeight = new double[ringSize];
        _histogramBands = new double[HistogramBins * 2 * _bandCount];
    }

    public int SampleRateHz { get; }

    public double GateLu { get; }

    /// <summary>Adds mid and side samples (side ignored for mono, may be empty).</summary>
    public void Add(ReadOnlySpan<float> mid, ReadOnlySpan<float> side)
    {
        if (_finished) throw new InvalidOperationException("The spectrum is finished.");
        for (var offset = 0; offset < mid.Length;)
        {
            offset += _frame.Fill(mid, side, offset);
            if (!_frame.IsFull) continue;
            AnalyseFrame(_frameLength);
            _frame.DropOldest(_hop);
            _validFrom = Math.Max(0, _validFrom - _hop);
        }
    }

    /// <summary>Analyses the zero-padded last frame, decides the waiting frames and returns the gated spectrum.</summary>
    public LoudSectionResult Finish()
    {
        if (!_finished)
        {
            // Samples after the last full frame (under half a frame) are left out: zero-padding would cut the window
            // off abruptly and leak. A file shorter than one frame is analysed padded, as there is nothing else.
            if (_framesIn == 0 && _frame.Filled > 0)
            {
                _frame.PadWithZeros();
                AnalyseFrame(_frame.Filled);
            }
            while (_framesDecided < _framesIn) DecideNext();
            _finished = true;
        }
        if (double.IsNegativeInfinity(_maxShortTermLufs))
            return new LoudSectionResult(new ThirdOctaveSpectrum((double[])ThirdOctaveBands.NominalCentresHz.Clone(), new double?[_bandCount], _hasSide ? new double?[_bandCount] : null), null, 0);

        var gate = _maxShortTermLufs - GateLu;
        var mid = new double[_bandCount];
        var side = new double[_bandCount];
        double weight = 0, total = 0;
        for (var h = 0; h < HistogramBins; h++)
        {
            total += _histogramWeight[h];
            if (HistogramFloorLufs + (h + 0.5) * HistogramStepLu < gate) continue;
            weight += _histogramWeight[h];
            var row = _histogramBands.AsSpan(h * 2 * _bandCount, 2 * _bandCount);
            for (var b = 0; b < _bandCount; b++)
            {
                mid[b] += row[b];
                side[b] += row[_bandCount + b];
            }
        }
        var spectrum = new ThirdOctaveSpectrum(
            (double[])ThirdOctaveBands.NominalCentresHz.Clone(),
            ToDb(mid, weight),
            _hasSide ? ToDb(side, weight) : null);
        return new LoudSectionResult(spectrum, gate, total > 0 ? weight / total : 0);
    }

    private double?[] ToDb(double[] power, double weight)
    {
        var result = new double?[_bandCount];
        for (var b = 0; b < _bandCount; b++)
            if (_bandBinWeights[b].Length > 0 && weight > 0 && power[b] > 0) result[b] = 10 * Math.Log10(power[b] / weight);
        return result;
    }

    private void AnalyseFrame(int validTo)
    {
        var n = _frameLength;
        _frame.Transform();
        var validEnergy = _frame.WindowEnergy(_validFrom, validTo);
        var norm = n * validEnergy;
        var scale = norm > 0 ? 1.0 / norm : 0;
        for (var k = 0; k <= _lastBin; k++)
        {
            var (mid, side) = _frame.PowerAt(k);
            _midBinPower[k] = mid * scale;
            _sideBinPower[k] = side * scale;
        }

        var slot = (int)(_framesIn % _ringBands.Length);
        var bands = _ringBands[slot];
        double energy = 0;
        for (var b = 0; b < _bandCount; b++)
        {
            var weights = _bandBinWeights[b];
            if (weights.Length == 0) { bands[b] = bands[_bandCount + b] = 0; continue; }
            var first = _bandFirstBin[b];
            double m = 0, s = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                m += weights[i] * _midBinPower[first + i];
                s += weights[i] * _sideBinPower[first + i];
            }
            bands[b] = m;
            bands[_bandCount + b] = s;
            energy += 2 * (m + s) * _bandKWeight[b];
        }
        _ringEnergy[slot] = energy;
        _ringWeight[slot] = validEnergy / _frame.WindowEnergy(0, n);
        _framesIn++;
        if (_framesIn - _framesDecided > _halfWindowFrames) DecideNext();
    }

    private static double Lufs(double energy) => -0.691 + 10 * Math.Log10(energy); // BS.1770-4 eq. 2

    /// <summary>Gives the oldest undecided frame its centred short-term loudness and bins it.</summary>
    private void DecideNext()
    {
        var i = _framesDecided;
        var from = Math.Max(0, i - _halfWindowFrames);
        var to = Math.Min(_framesIn - 1, i + _halfWindowFrames);
        double sum = 0, count = 0;
        for (var f = from; f <= to; f++)
        {
            var s = (int)(f % _ringBands.Length);
            sum += _ringEnergy[s] * _ringWeight[s];
            count += _ringWeight[s];
        }
        var slot = (int)(i % _ringBands.Length);
        _framesDecided++;
        if (count <= 0 || sum <= 0) return;
        var shortTerm = Lufs(sum / count);
        if (shortTerm > _maxShortTermLufs) _maxShortTermLufs = shortTerm;
        var own = _ringEnergy[slot] > 0 ? Lufs(_ringEnergy[slot]) : double.NegativeInfinity;
        var lufs = Math.Min(own, shortTerm);
        var h = (int)Math.Clamp(Math.Floor((lufs - HistogramFloorLufs) / HistogramStepLu), 0, HistogramBins - 1);
        var weight = _ringWeight[slot];
        var row = _histogramBands.AsSpan(h * 2 * _bandCount, 2 * _bandCount);
        var bands = _ringBands[slot];
        for (var b = 0; b < 2 * _bandCount; b++) row[b] += bands[b] * weight;
        _histogramWeight[h] += weight;
    }
}

/// <param name="Spectrum">Mean-square band power (dB re full scale) of mid and side over the frames that passed the gate.</param>
/// <param name="GateLufs">Short-term loudness a frame needed to count; null when the file is silent.</param>
/// <param name="LoudShare">Share of the file's frames that passed the gate (0-1).</param>
public sealed record LoudSectionResult(ThirdOctaveSpectrum Spectrum, double? GateLufs, double LoudShare);
