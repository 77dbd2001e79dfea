using System.Numerics.Tensors;

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
    private readonly MidSideFrame _frame;
    private readonly double[] _midPowerSum;
    private readonly double[] _sidePowerSum;
    private readonly double[] _framePower;           // mid + side power of the current frame, for the lossy detector
    private readonly LossyCutoffDetector? _cutoffDetector;
    private readonly MonoTimelineBuilder? _monoTimeline;
    private readonly double[] _frameMid, _frameSide;   // this frame's mid and side power per bin
    private double _normalisation;                   // Σ over frames of N · Σ_valid w²

    /// <param name="monoTimeline">Also collect <see cref="MonoTimeline"/> from the frames (needs side).</param>
    public LongTermSpectrumAnalyzer(int sampleRateHz, bool hasSide, LossyCutoffDetector? cutoffDetector = null, bool monoTimeline = false)
    {
        _sampleRateHz = sampleRateHz;
        _hasSide = hasSide;
        _frameLength = FrameLengthFor(sampleRateHz);
        _cutoffDetector = cutoffDetector;
        var n = _frameLength;
        _frame = new MidSideFrame(n, hasSide);
        _midPowerSum = new double[n / 2 + 1];
        _sidePowerSum = new double[n / 2 + 1];
        _framePower = new double[n / 2 + 1];
        _frameMid = new double[n / 2 + 1];
        _frameSide = new double[n / 2 + 1];
        if (monoTimeline && hasSide) _monoTimeline = new MonoTimelineBuilder(n, sampleRateHz);
    }

    /// <summary>FFT length used at this rate: bins no wider than 3 Hz.</summary>
    public static int FrameLengthFor(int sampleRateHz) =>
        (int)Math.Max(256, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Ceiling(sampleRateHz / 3.0)));

    public int FrameLength => _frameLength;

    public double BinWidthHz => _sampleRateHz / _frameLength;

    /// <summary>Adds mid and side samples (side ignored, may be empty, for mono).</summary>
    public void Add(ReadOnlySpan<float> mid, ReadOnlySpan<float> side)
    {
        for (var offset = 0; offset < mid.Length;)
        {
            offset += _frame.Fill(mid, side, offset);
            if (!_frame.IsFull) continue;
            AnalyseFrame(_frameLength);
            _frame.DropOldest(_frameLength);
        }
    }

    /// <summary>Analyses the zero-padded last frame and returns the 1/3-octave spectrum.</summary>
    public ThirdOctaveSpectrum Finish()
    {
        if (_frame.Filled > 0)
        {
            _frame.PadWithZeros();
            AnalyseFrame(_frame.Filled);
            _frame.DropOldest(_frame.Filled);
        }
        return new ThirdOctaveSpectrum(
            (double[])ThirdOctaveBands.NominalCentresHz.Clone(),
            ToBands(_midPowerSum),
            _hasSide ? ToBands(_sidePowerSum) : null);
    }

    /// <summary>
    /// Mono compatibility over time, one point per frame (call after <see cref="Finish"/>); null unless asked for at
    /// construction with side. <paramref name="integratedLufs"/> sets its relative gate.
    /// </summary>
    public MonoTimeline? MonoTimeline(double? integratedLufs) => _monoTimeline?.Finish(integratedLufs);

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
        _frame.Transform();
        var frameNorm = n * _frame.WindowEnergy(0, validTo);
        _normalisation += frameNorm;
        var half = n / 2;
        var frameScale = 1.0 / frameNorm;
        // Whole-array steps (vectorised, each element the same arithmetic as a loop over the bins would do).
        _frame.Powers(_frameMid, _frameSide);
        TensorPrimitives.Add(_midPowerSum, _frameMid, _midPowerSum);
        TensorPrimitives.Add(_sidePowerSum, _frameSide, _sidePowerSum);
        if (_cutoffDetector is not null)
        {
            TensorPrimitives.Add(_frameMid, _frameSide, _framePower);
            // One-sided: every bin counts twice but DC and Nyquist.
            TensorPrimitives.Multiply(_framePower, 2 * frameScale, _framePower);
            _framePower[0] = (_frameMid[0] + _frameSide[0]) * frameScale;
            _framePower[half] = (_frameMid[half] + _frameSide[half]) * frameScale;
            _cutoffDetector.AddFrame(_framePower, BinWidthHz);
        }
        _monoTimeline?.AddFrame(_frameMid, _frameSide, frameNorm);
    }

    private double OneSidedFactor(int k) => _frame.OneSidedFactor(k);

    private double?[] ToBands(double[] powerSum)
    {
        var bands = new double?[ThirdOctaveBands.Count];
        if (_normalisation <= 0) return bands;
        var binWidth = BinWidthHz;
        for (var b = 0; b < bands.Length; b++)
        {
            if (BandBins.For(b, binWidth, _sampleRateHz / 2, _frameLength / 2) is not { } bins) continue;
            double power = 0;
            for (var k = bins.First; k <= bins.Last; k++)
            {
                var overlap = bins.OverlapHz(k, binWidth);
                if (overlap > 0) power += powerSum[k] * OneSidedFactor(k) * (overlap / binWidth);
            }
            power /= _normalisation;
            bands[b] = power > 0 ? 10 * Math.Log10(power) : null;
        }
        return bands;
    }
}
