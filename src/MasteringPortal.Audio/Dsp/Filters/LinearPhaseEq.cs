using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace MasteringPortal.Audio.Dsp.Filters;

/// <summary>
/// Linear-phase EQ: the same magnitude curve as <see cref="ParametricEq"/> (product of the bands' biquad
/// magnitudes), realised as a symmetric FIR (<see cref="LinearPhaseFirDesign"/>) and applied by
/// overlap-save FFT convolution. Two real channels share one complex FFT (one in the real part, one in
/// the imaginary part); in mid/side mode their spectra are separated so M and S get their own filters.
/// Latency = FIR delay (taps - 1) / 2 plus one FFT hop of buffering (the price of block convolution):
/// <see cref="LatencyFrames"/> is that exact sum, so the chain can align the output sample-exactly.
/// </summary>
public sealed class LinearPhaseEq : IAudioProcessor
{
    private readonly EqChannelMode _mode;
    private readonly int _channels;
    private readonly int _fftSize, _hop, _overlap;
    private readonly Complex[] _mainSpectrum, _sideSpectrum; // FIR spectra, scaled by 1/N
    private readonly double[][] _history;    // per channel: N input samples (overlap + new)
    private readonly double[][] _output;     // per channel: last hop of filtered output
    private readonly Complex[] _work;
    private int _fill;

    public LinearPhaseEq(ParametricEqSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        settings.Validate(sampleRateHz, channels);
        _mode = settings.Mode;
        _channels = channels;
        var half = LinearPhaseFirDesign.HalfLengthFor(sampleRateHz);
        TapCount = 2 * half + 1;
        _fftSize = 4 * half;
        _overlap = TapCount - 1;
        _hop = _fftSize - _overlap;
        LatencyFrames = half + _hop;

        var main = DesignTaps(settings.Bands, sampleRateHz, half);
        var side = settings.Mode == EqChannelMode.MidSide ? DesignTaps(settings.SideBands, sampleRateHz, half) : main;
        MainTaps = main;
        SideTaps = side;
        _mainSpectrum = Spectrum(main);
        _sideSpectrum = ReferenceEquals(side, main) ? _mainSpectrum : Spectrum(side);

        _history = new double[channels][];
        _output = new double[channels][];
        for (var c = 0; c < channels; c++)
        {
            _history[c] = new double[_fftSize];
            _output[c] = new double[_hop];
        }
        _work = new Complex[_fftSize];
    }

    /// <summary>FIR length; odd, so the delay (taps - 1) / 2 is a whole number of frames.</summary>
    public int TapCount { get; }

    /// <summary>FIR of the stereo or mid signal (centre tap at (TapCount - 1) / 2).</summary>
    public IReadOnlyList<double> MainTaps { get; }

    /// <summary>FIR of the side signal in mid/side mode (else the same as <see cref="MainTaps"/>).</summary>
    public IReadOnlyList<double> SideTaps { get; }

    public int LatencyFrames { get; }

    public void Process(AudioBlock block)
    {
        var n = block.Frames;
        var done = 0;
        while (done < n)
        {
            var take = Math.Min(n - done, _hop - _fill);
            for (var c = 0; c < _channels; c++)
            {
                var samples = block.Channel(c).Slice(done, take);
                var history = _history[c].AsSpan(_overlap + _fill, take);
                var output = _output[c].AsSpan(_fill, take);
                for (var i = 0; i < take; i++)
                {
                    history[i] = samples[i];
                    samples[i] = (float)output[i];
                }
            }
            if (_mode == EqChannelMode.MidSide)
            {
                // Encode into the history in place: the FFT sees M and S, the output is decoded below.
                var l = _history[0].AsSpan(_overlap + _fill, take);
                var r = _history[1].AsSpan(_overlap + _fill, take);
                for (var i = 0; i < take; i++) (l[i], r[i]) = ((l[i] + r[i]) * 0.5, (l[i] - r[i]) * 0.5);
            }
            _fill += take;
            done += take;
            if (_fill == _hop)
            {
                ConvolveHop();
                _fill = 0;
            }
        }
    }

    public void Reset()
    {
        for (var c = 0; c < _channels; c++)
        {
            Array.Clear(_history[c]);
            Array.Clear(_output[c]);
        }
        _fill = 0;
    }

    private void ConvolveHop()
    {
        for (var c = 0; c < _channels; c += 2)
        {
            var hasPair = c + 1 < _channels;
            var a = _history[c];
            var b = hasPair ? _history[c + 1] : null;
            for (var i = 0; i < _fftSize; i++) _work[i] = new Complex(a[i], b is null ? 0 : b[i]);
            Fourier.Forward(_work, FourierOptions.NoScaling);
            if (_mode == EqChannelMode.MidSide) ApplySeparateFilters();
            else for (var k = 0; k < _fftSize; k++) _work[k] *= _mainSpectrum[k];
            Fourier.Inverse(_work, FourierOptions.NoScaling);
            // Overlap-save: the first (taps - 1) outputs are circularly wrapped; the rest are exact.
            var outA = _output[c];
            var outB = hasPair ? _output[c + 1] : null;
            if (_mode == EqChannelMode.MidSide)
            {
                for (var i = 0; i < _hop; i++)
                {
                    var m = _work[_overlap + i].Real;
                    var s = _work[_overlap + i].Imaginary;
                    outA[i] = m + s;
                    outB![i] = m - s;
                }
            }
            else
            {
                for (var i = 0; i < _hop; i++) outA[i] = _work[_overlap + i].Real;
                if (outB is not null)
                    for (var i = 0; i < _hop; i++) outB[i] = _work[_overlap + i].Imaginary;
            }
            Array.Copy(a, _hop, a, 0, _overlap);
            if (b is not null) Array.Copy(b, _hop, b, 0, _overlap);
        }
    }

    /// <summary>
    /// Z = FFT(m + i s): M[k] = (Z[k] + conj Z[N-k]) / 2, S[k] = (Z[k] - conj Z[N-k]) / 2i; then
    /// W = M·Hm + i S·Hs, whose inverse is m' + i s' because both filtered signals are real.
    /// </summary>
    private void ApplySeparateFilters()
    {
        var n = _fftSize;
        for (var k = 0; k <= n / 2; k++)
        {
            var j = (n - k) % n;
            var zk = _work[k];
            var zj = _work[j];
            var mk = (zk + Complex.Conjugate(zj)) * 0.5;
            var sk = (zk - Complex.Conjugate(zj)) * new Complex(0, -0.5);
            var mj = Complex.Conjugate(mk);
            var sj = Complex.Conjugate(sk);
            _work[k] = mk * _mainSpectrum[k] + Complex.ImaginaryOne * sk * _sideSpectrum[k];
            _work[j] = mj * _mainSpectrum[j] + Complex.ImaginaryOne * sj * _sideSpectrum[j];
        }
    }

    private static double[] DesignTaps(IReadOnlyList<EqBand> bands, int sampleRateHz, int half)
    {
        var sections = EqDesign.Sections(bands, sampleRateHz);
        return LinearPhaseFirDesign.Design(
            f => BiquadResponse.Of(sections, f, sampleRateHz).Magnitude, sampleRateHz, half);
    }

    private Complex[] Spectrum(double[] taps)
    {
        var spectrum = new Complex[_fftSize];
        for (var i = 0; i < taps.Length; i++) spectrum[i] = taps[i] / _fftSize; // inverse scaling folded in
        Fourier.Forward(spectrum, FourierOptions.NoScaling);
        return spectrum;
    }
}
