namespace MasteringPortal.Audio.Dsp.Dither;

/// <summary>
/// TPDF dither with optional noise shaping, the very last step before a 16- or 24-bit file. Each sample gets the sum of two independent uniform variables of 1 LSB width each
/// (triangular, ±1 LSB), then is rounded to the grid: the error's mean and variance no longer depend on
/// the signal (Wannamaker, Lipshitz &amp; Vanderkooy, JAES 2000) and its total power is
/// LSB²/6 (dither) + LSB²/12 (rounding) = LSB²/4, i.e. −96.3 dB re full scale for 16 bits.
/// </summary>
/// <remarks>
/// Deterministic: each channel draws from its own <see cref="Xoshiro256StarStar"/> seeded from
/// <see cref="DitherSettings.Seed"/> and the channel index, so a render gives the same bits on every run.
/// Silence does not stay digital silence: TPDF of silence is ±1 LSB noise, the standard behaviour.
/// Not an <see cref="IAudioProcessor"/> on purpose: <see cref="Quantise"/> returns a
/// <see cref="QuantisedBlock"/>, which is what the writer takes, so dither is never applied twice.
/// </remarks>
public sealed class TpdfDither
{
    /// <summary>
    /// Largest error fed back, in LSB. In normal operation |e| ≤ 1.5 LSB (0.5 rounding + 1 dither); only a
    /// clipped sample exceeds it, and feeding that back would make the shaping loop ring or run away.
    /// </summary>
    private const double MaxFeedbackLsb = 1.5;

    private readonly double[] _feedback;
    private readonly Xoshiro256StarStar[] _random;
    private readonly double[][] _errorHistory; // per channel, e[n−1], e[n−2], ...
    private readonly double _scale;
    private QuantisedBlock? _lastQuantised;

    public TpdfDither(DitherSettings settings, int sampleRateHz, int channels)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TargetBitDepth is not (16 or 24))
            throw new ArgumentOutOfRangeException(nameof(settings), $"Dither targets 16 or 24 bits, not {settings.TargetBitDepth}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Settings = settings;
        SampleRateHz = sampleRateHz;
        _scale = 1L << (settings.TargetBitDepth - 1);
        _feedback = NoiseShapingFilter.FeedbackCoefficients(settings.Shaping, sampleRateHz);
        _random = new Xoshiro256StarStar[channels];
        _errorHistory = new double[channels][];
        for (var c = 0; c < channels; c++) _errorHistory[c] = new double[2];
        Reset();
    }

    public DitherSettings Settings { get; }

    public int SampleRateHz { get; }

    public int ChannelCount => _random.Length;

    /// <summary>Dither adds no delay.</summary>
    public int LatencyFrames => 0;

    /// <summary>One LSB of the target format, in full-scale units.</summary>
    public double LsbFullScale => 1.0 / _scale;

    /// <summary>
    /// Dithers and requantises every channel of <paramref name="block"/> in place; returns the same samples
    /// as a <see cref="QuantisedBlock"/>. Values beyond full scale are clipped to [−1, 1 − LSB].
    /// </summary>
    public QuantisedBlock Quantise(AudioBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.ChannelCount != _random.Length)
            throw new ArgumentException($"This dither was set up for {_random.Length} channels.", nameof(block));
        for (var c = 0; c < block.ChannelCount; c++)
        {
            if (_feedback.Length == 0) QuantiseFlat(block.Channel(c), ref _random[c]);
            else QuantiseShaped(block.Channel(c), ref _random[c], _errorHistory[c]);
        }
        // The chain reuses one block, so the marker is made once and handed back each time.
        if (_lastQuantised is null || !ReferenceEquals(_lastQuantised.Block, block))
            _lastQuantised = new QuantisedBlock(block, Settings.TargetBitDepth);
        return _lastQuantised;
    }

    /// <summary>Restarts the noise sequences from the seed and clears the shaping filter.</summary>
    public void Reset()
    {
        var seedState = Settings.Seed;
        for (var c = 0; c < _random.Length; c++)
        {
            _random[c] = new Xoshiro256StarStar(Xoshiro256StarStar.SplitMix64(ref seedState));
            Array.Clear(_errorHistory[c]);
        }
    }

    /// <summary>
    /// One TPDF value in (−1, 1) LSB: the difference of two uniform variables, the two 32-bit halves of one
    /// xoshiro256** output (both halves are full-quality bits with this scrambler; 32 bits resolve the
    /// triangle to 2⁻³² LSB). One generator step per sample instead of two.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static double Tpdf(ref Xoshiro256StarStar random)
    {
        var bits = random.NextUInt64();
        return ((double)(uint)bits - (uint)(bits >> 32)) * (1.0 / 4294967296.0);
    }

    // The generator is copied into a local for the loop (so its state lives in registers) and stored back.
    private void QuantiseFlat(Span<float> samples, ref Xoshiro256StarStar state)
    {
        var random = state;
        var scale = _scale;
        var step = 1.0 / scale; // a power of two: the same quotient as q / scale, without the division
        var lowest = -scale;
        var highest = scale - 1;
        for (var i = 0; i < samples.Length; i++)
        {
            var tpdf = Tpdf(ref random);
            var q = Math.Floor(samples[i] * scale + tpdf + 0.5);
            q = Math.Clamp(q, lowest, highest);
            samples[i] = (float)(q * step);
        }
        state = random;
    }

    private void QuantiseShaped(Span<float> samples, ref Xoshiro256StarStar state, double[] history)
    {
        var random = state;
        var scale = _scale;
        var step = 1.0 / scale; // a power of two: the same quotient as q / scale, without the division
        var lowest = -scale;
        var highest = scale - 1;
        // Both shapes have at most two feedback taps: kept in locals with the last two errors.
        var h1 = _feedback[0];
        var h2 = _feedback.Length > 1 ? _feedback[1] : 0.0;
        var e1 = history[0];
        var e2 = history.Length > 1 ? history[1] : 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            var shapedInput = samples[i] * scale - h1 * e1 - h2 * e2;
            var tpdf = Tpdf(ref random);
            var q = Math.Clamp(Math.Floor(shapedInput + tpdf + 0.5), lowest, highest);
            e2 = e1;
            e1 = Math.Clamp(q - shapedInput, -MaxFeedbackLsb, MaxFeedbackLsb);
            samples[i] = (float)(q * step);
        }
        history[0] = e1;
        if (history.Length > 1) history[1] = e2;
        state = random;
    }
}
