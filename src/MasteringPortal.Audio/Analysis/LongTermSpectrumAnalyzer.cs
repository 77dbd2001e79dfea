namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Long-term average power spectrum of mid and side, streamed block by block (memory is one FFT frame).
/// <para>
/// Method: Hann-windowed frames of N = 2^ceil(log2(fs / 3 Hz)) samples (16384 at 44.1/48 kHz, bins of about
/// 2.7-2.9 Hz, so the narrowest band, 20 Hz at 4.6 Hz wide, spans more than one bin) with 50 % overlap. Mid goes
/// into the real and side into the imaginary part of one complex FFT (<see cref="Radix2Fft"/>), and the two spectra are
/// separated by conjugate symmetry, which halves the FFT work. Per-bin power is summed over all frames and
/// divided by N · Σw² of the valid (non-padded) part of every frame, which makes it an unbiased estimate of
/// mean-square power per bin for any file length (the first frame starts half a frame before the file and the
/// last one is zero-padded, so every sample is weighted by both window halves). Each bin is then split between
/// the 1/3-octave bands it overlaps, in proportion to the overlap in Hz (ideal rectangular band edges).
/// </para>
/// </summary>
public sealed class LongTermSpectrumAnalyzer
{
    private readonly int _frameLength;
    private readonly int _hop;
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
    private int _validFrom;
    private double _normalisation;                   // Σ over frames of N · Σ_valid w²

    public LongTermSpectrumAnalyzer(int sampleRateHz, bool hasSide, LossyCutoffDetector? cutoffDetector = null)
    {
        _sampleRateHz = sampleRateHz;
        _hasSide = hasSide;
        _frameLength = FrameLengthFor(sampleRateHz);
        _hop = _frameLength / 2;
        _cutoffDetector = cutoffDetector;
        var n = _frameLength;
        _window = new float[n];
        _windowEnergyPrefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            // Periodic Hann: the form whose 50 %-overlapped copies sum to a constant.
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
        // The first frame begins half a frame before the file, so the file's first samples get full weight.
        _filled = _hop;
        _validFrom = _hop;
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
                AnalyseFrame(_validFrom, _frameLength);
                _mid.AsSpan(_hop).CopyTo(_mid);
                if (_hasSide) _side.AsSpan(_hop).CopyTo(_side);
                _filled = _hop;
                _validFrom = Math.Max(0, _validFrom - _hop);
            }
        }
    }

    /// <summary>Analyses the zero-padded last frame and returns the 1/3-octave spectrum.</summary>
    public ThirdOctaveSpectrum Finish()
    {
        if (_filled > _validFrom)
        {
            _mid.AsSpan(_filled).Clear();
            if (_hasSide) _side.AsSpan(_filled).Clear();
            AnalyseFrame(_validFrom, _filled);
            _filled = _validFrom;
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

    private void AnalyseFrame(int validFrom, int validTo)
    {
        var n = _frameLength;
        var re = _re;
        var im = _im;
        System.Numerics.Tensors.TensorPrimitives.Multiply(_mid, _window, re);
        if (_hasSide) System.Numerics.Tensors.TensorPrimitives.Multiply(_side, _window, im);
        else Array.Clear(im);

        _fft.Forward(re, im);

        var frameNorm = n * (_windowEnergyPrefix[validTo] - _windowEnergyPrefix[validFrom]);
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
