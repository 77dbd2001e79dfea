namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Long-term average power spectrum of mid and side, streamed block by block (memory is one FFT frame).
/// <para>
/// Method: Hann-windowed frames of N = 2^ceil(log2(fs / 3 Hz)) samples (16384 at 44.1/48 kHz, bins of about
/// 2.7-2.9 Hz, so the narrowest band, 20 Hz at 4.6 Hz wide, spans more than one bin), back to back without overlap.
/// Mid goes into the real and side into the imaginary part of one complex FFT (<see cref="Radix2Fft"/>), and the two
/// spectra are separated by conjugate symmetry, which halves the FFT work. Per-bin power is summed over all frames
/// and divided by N · Σw² of the valid (non-padded) part of every frame, which makes it an unbiased estimate of
/// mean-square power per bin for any file length (the last frame is zero-padded). Each bin is then split between
/// the 1/3-octave bands it overlaps, in proportion to the overlap in Hz (ideal rectangular band edges).
/// </para>
/// <para>
/// Why no overlap: a 50 % overlap (as Welch's method usually has) costs twice the FFTs and, for a Hann window,
/// lowers the variance of the average by a factor of about 1.9 only: without it the scatter of a band is √1.9 ≈ 1.4
/// times larger, e.g. about 0.6 instead of 0.45 dB in the 20 Hz band (1.6 bins) of a 10 s file and 0.15 instead of
/// 0.11 dB in that of a 3-minute song; bands above 100 Hz hold dozens of bins and scatter far less. The price
/// is that a sample's weight in the average depends on where it falls in its frame (the window's shape), which for
/// a long-term spectrum of music is noise, not bias: every frame is normalised by its own Σw².
/// </para>
/// </summary>
public sealed class LongTermSpectrumAnalyzer
{
    private readonly int _frameLength;
    private readonly double _sampleRateHz;
    private readonly bool _hasSide;
    private readonly float[] _window;
    private readonly double[] _windowEnergyPrefix;   // Σ w² over [0, i)
    private readonly float[] _mid;
    private readonly float[] _side;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly Radix2Fft _fft;
    private readonly double[] _midPowerSum;
    private readonly double[] _sidePowerSum;
    private readonly double[] _framePower;           // mid + side power of the current frame, for the lossy detector
    private readonly LossyCutoffDetector? _cutoffDetector;
    private int _filled;
    private double _normalisation;                   // Σ over frames of N · Σ_valid w²

    public LongTermSpectrumAnalyzer(int sampleRateHz, bool hasSide, LossyCutoffDetector? cutoffDetector = null)
    {
        _sampleRateHz = sampleRateHz;
        _hasSide = hasSide;
        _frameLength = FrameLengthFor(sampleRateHz);
        _cutoffDetector = cutoffDetector;
        var n = _frameLength;
        _window = new float[n];
        _windowEnergyPrefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            // Periodic Hann (the form whose DFT has exactly three non-zero bins).
            var w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
            _window[i] = (float)w;
            _windowEnergyPrefix[i + 1] = _windowEnergyPrefix[i] + w * w;
        }
        _mid = new float[n];
        _side = new float[n];
        _re = new float[n];
        _im = new float[n];
        _fft = new Radix2Fft(n);
        _midPowerSum = new double[n / 2 + 1];
        _sidePowerSum = new double[n / 2 + 1];
        _framePower = new double[n / 2 + 1];
    }

    /// <summary>FFT length used at this rate: bins no wider than 3 Hz.</summary>
    public static int FrameLengthFor(int sampleRateHz) =>
        (int)Math.Max(256, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(sampleRateHz / 3.0)));

    public int FrameLength => _frameLength;

    public double BinWidthHz => _sampleRateHz / _frameLength;

    /// <summary>Adds mid and side samples (side ignored, may be empty, for mono).</summary>
    public void Add(ReadOnlySpan<float> mid, ReadOnlySpan<float> side)
    {
        var offset = 0;
        while (offset < mid.Length)
        {
            var take = Math.Min(_frameLength - _filled, mid.Length - offset);
            mid.Slice(offset, take).CopyTo(_mid.AsSpan(_filled));
            if (_hasSide) side.Slice(offset, take).CopyTo(_side.AsSpan(_filled));
            _filled += take;
            offset += take;
            if (_filled == _frameLength)
            {
                AnalyseFrame(_frameLength);
                _filled = 0;
            }
        }
    }

    /// <summary>Analyses the zero-padded last frame and returns the 1/3-octave spectrum.</summary>
    public ThirdOctaveSpectrum Finish()
    {
        if (_filled > 0)
        {
            _mid.AsSpan(_filled).Clear();
            if (_hasSide) _side.AsSpan(_filled).Clear();
            AnalyseFrame(_filled);
            _filled = 0;
        }
        return new ThirdOctaveSpectrum(
            (double[])ThirdOctaveBands.NominalCentresHz.Clone(),
            ToBands(_midPowerSum),
            _hasSide ? ToBands(_sidePowerSum) : null);
    }

    /// <summary>Mean-square power per FFT bin of mid + side averaged over the file (for diagnostics and tests).</summary>
    internal double[] AveragePowerPerBin()
    {
        var result = new double[_midPowerSum.Length];
        if (_normalisation <= 0) return result;
        for (var k = 0; k < result.Length; k++) result[k] = (_midPowerSum[k] + _sidePowerSum[k]) * OneSidedFactor(k) / _normalisation;
        return result;
    }

    /// <summary>Transforms the current frame, whose samples [0, validTo) are the file's (the rest zero padding).</summary>
    private void AnalyseFrame(int validTo)
    {
        var n = _frameLength;
        var re = _re;
        var im = _im;
        System.Numerics.Tensors.TensorPrimitives.Multiply(_mid, _window, re);
        if (_hasSide) System.Numerics.Tensors.TensorPrimitives.Multiply(_side, _window, im);
        else Array.Clear(im);

        _fft.Forward(re, im);

        var frameNorm = n * _windowEnergyPrefix[validTo];
        _normalisation += frameNorm;
        var half = n / 2;
        var frameScale = 1.0 / frameNorm;
        for (var k = 0; k <= half; k++)
        {
            var j = k == 0 ? 0 : n - k;
            double ar = re[k], ai = im[k], br = re[j], bi = im[j];
            // Z = M + iS  =>  M[k] = (Z[k] + conj Z[N-k]) / 2,  S[k] = (Z[k] - conj Z[N-k]) / 2i.
            var midPower = ((ar + br) * (ar + br) + (ai - bi) * (ai - bi)) * 0.25;
            var sidePower = ((ar - br) * (ar - br) + (ai + bi) * (ai + bi)) * 0.25;
            _midPowerSum[k] += midPower;
            _sidePowerSum[k] += sidePower;
            _framePower[k] = (midPower + sidePower) * (k == 0 || k == half ? frameScale : 2 * frameScale);
        }
        _cutoffDetector?.AddFrame(_framePower, BinWidthHz);
    }

    /// <summary>DC and Nyquist appear once in the two-sided spectrum, every other bin twice.</summary>
    private double OneSidedFactor(int k) => k == 0 || k == _frameLength / 2 ? 1.0 : 2.0;

    private double?[] ToBands(double[] powerSum)
    {
        var bands = new double?[ThirdOctaveBands.Count];
        if (_normalisation <= 0) return bands;
        var binWidth = BinWidthHz;
        var nyquist = _sampleRateHz / 2;
        var half = _frameLength / 2;
        for (var b = 0; b < bands.Length; b++)
        {
            var lo = ThirdOctaveBands.LowerEdgeHz(b);
            if (lo >= nyquist) continue;
            var hi = Math.Min(ThirdOctaveBands.UpperEdgeHz(b), nyquist);
            var first = Math.Max(0, (int)Math.Floor(lo / binWidth + 0.5));
            var last = Math.Min(half, (int)Math.Ceiling(hi / binWidth + 0.5));
            double power = 0;
            for (var k = first; k <= last; k++)
            {
                // Bin k covers [(k - 0.5)Δ, (k + 0.5)Δ]; it contributes the share of that interval inside the band.
                var overlap = Math.Min(hi, (k + 0.5) * binWidth) - Math.Max(lo, (k - 0.5) * binWidth);
                if (overlap > 0) power += powerSum[k] * OneSidedFactor(k) * (overlap / binWidth);
            }
            power /= _normalisation;
            bands[b] = power > 0 ? 10 * Math.Log10(power) : null;
        }
        return bands;
    }
}
