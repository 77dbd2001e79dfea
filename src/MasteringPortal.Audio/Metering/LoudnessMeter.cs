using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// ITU-R BS.1770-4 / EBU R128 loudness meter: integrated loudness (gated), momentary (400 ms) and
/// short-term (3 s) loudness with their maxima and 10 Hz series, loudness range (EBU Tech 3342),
/// sample peak and true peak. Feed interleaved frames block by block with <see cref="AddFrames"/>;
/// query at any time. Internal state is fixed-size (two 180 kB histograms, a 3 s ring of sub-block
/// energies) except the optional 10 Hz series (about 290 kB per hour).
/// </summary>
/// <remarks>
/// Timing: the signal is cut into sub-blocks of 5 ms (boundaries at round-down of k·fs/200, so any rate
/// works). The BS.1770 gating blocks (400 ms, 75 % overlap: a new one every 100 ms, BS.1770-4 Annex 1 §2.4)
/// and the series are built from 20-sub-block steps; the maxima of momentary and short-term loudness
/// slide in 5 ms steps, which finds a tone burst's maximum to within 0.03 LU (Tech 3341 cases 10, 13).
/// Windows that are not yet full at the start of the programme are treated as preceded by silence in
/// the series; the maxima, gating and LRA only use complete windows.
/// </remarks>
public sealed class LoudnessMeter
{
    public const int MinSampleRateHz = 8000;
    public const int MaxSampleRateHz = 384000;

    private const int SubBlocksPerSecond = 200;              // 5 ms sub-blocks
    private const int SubBlocksPerStep = 20;                 // 100 ms: gating step and series rate
    private const int MomentarySubBlocks = 80;               // 400 ms (EBU R128 / Tech 3341 "M")
    private const int ShortTermSubBlocks = 600;              // 3 s (Tech 3341 "S")
    private const double IntegratedRelativeGateLu = -10.0;   // BS.1770-4 Annex 1, eq. 6
    private const double RangeRelativeGateLu = -20.0;        // EBU Tech 3342 §2.3
    private const int ChunkFrames = 2048;

    private readonly int _sampleRateHz;
    private readonly int _channels;
    private readonly double[] _weights;
    private readonly int[] _weightedChannels;
    private readonly KWeightingFilter[] _filters;
    private readonly TruePeakDetector[]? _truePeak;
    private readonly double[] _samplePeak;
    private readonly float[][] _planar;

    private readonly double[] _ringEnergy = new double[ShortTermSubBlocks];
    private readonly int[] _ringFrames = new int[ShortTermSubBlocks];
    private long _subBlocksDone;
    private double _subEnergy;
    private int _subFrames;
    private int _subFramesWanted;
    private double _momentaryEnergy, _shortTermEnergy;   // running sums over the ring (refreshed exactly every 100 ms)
    private long _momentaryFrames, _shortTermFrames;
    private double _maxMomentaryEnergy = -1, _maxShortTermEnergy = -1;

    private readonly LoudnessHistogram _gatingBlocks = new();
    private readonly LoudnessHistogram _shortTermBlocks = new();
    private readonly List<float>? _momentarySeries;

    // The optional mono fold-down: its own sub-block energies (same boundaries) and 400 ms gating blocks.
    private readonly double[]? _foldRingEnergy;
    private readonly LoudnessHistogram? _foldGatingBlocks;
    private double _subFoldEnergy;
    private readonly List<float>? _shortTermSeries;

    public LoudnessMeter(int sampleRateHz, int channels, LoudnessMeterOptions? options = null)
    {
        if (sampleRateHz < MinSampleRateHz || sampleRateHz > MaxSampleRateHz)
            throw new ArgumentOutOfRangeException(nameof(sampleRateHz), sampleRateHz,
                $"Loudness can be measured at sample rates from 8 kHz to 384 kHz; this audio is at {sampleRateHz} Hz.");
        options ??= new LoudnessMeterOptions();
        var layout = options.Layout ?? ChannelLayout.ForChannelCount(channels);
        if (layout.Channels != channels)
            throw new ArgumentException($"The channel layout names {layout.Channels} channels but the audio has {channels}.", nameof(options));

        _sampleRateHz = sampleRateHz;
        _channels = channels;
        _weights = Enumerable.Range(0, channels).Select(layout.Weight).ToArray();
        _weightedChannels = Enumerable.Range(0, channels).Where(c => _weights[c] > 0).ToArray();
        _filters = Enumerable.Range(0, channels).Select(_ => new KWeightingFilter(sampleRateHz)).ToArray();
        _truePeak = options.TruePeak ? Enumerable.Range(0, channels).Select(_ => new TruePeakDetector()).ToArray() : null;
        _samplePeak = new double[channels];
        _planar = Enumerable.Range(0, channels).Select(_ => new float[ChunkFrames]).ToArray();
        if (options.MonoFoldDown)
        {
            if (channels < 2 || _weightedChannels.Length < 2 || _weightedChannels[0] != 0 || _weightedChannels[1] != 1)
                throw new ArgumentException("A mono fold-down needs a weighted left and right channel (channels 0 and 1).", nameof(options));
            _foldRingEnergy = new double[MomentarySubBlocks];
            _foldGatingBlocks = new LoudnessHistogram();
        }
        if (options.Series)
        {
            _momentarySeries = [];
            _shortTermSeries = [];
        }
        _subFramesWanted = (int)SubBlockBoundary(1);
    }

    public int SampleRateHz => _sampleRateHz;
    public int Channels => _channels;

    /// <summary>Frames fed so far.</summary>
    public long FramesProcessed { get; private set; }

    /// <summary>Adds interleaved frames (length a multiple of the channel count; full scale ±1.0).</summary>
    public void AddFrames(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _channels != 0)
            throw new ArgumentException($"The sample count {interleaved.Length} is not a whole number of {_channels}-channel frames.", nameof(interleaved));
        while (!interleaved.IsEmpty)
        {
            var frames = Math.Min(ChunkFrames, interleaved.Length / _channels);
            Deinterleave(interleaved[..(frames * _channels)], frames);
            MeasurePeaks(frames);
            MeasureLoudness(frames);
            FramesProcessed += frames;
            interleaved = interleaved[(frames * _channels)..];
        }
    }

    /// <summary>Integrated loudness, gated per BS.1770-4 Annex 1 §2.6 (−70 LUFS absolute, −10 LU relative); null when no block passes the absolute gate.</summary>
    public double? IntegratedLufs => _gatingBlocks.RelativeGatedMeanEnergy(IntegratedRelativeGateLu) is { } e ? LoudnessMath.LufsFromEnergy(e) : null;

    /// <summary>
    /// Integrated loudness of the mono fold-down (L+R)/2 measured as ONE channel of weight 1.0, gated like
    /// <see cref="IntegratedLufs"/> on its own 400 ms blocks; null when the option is off or no block passes the
    /// absolute gate. (Played on two speakers it reads 10·log10(2) ≈ 3.01 LU louder.)
    /// </summary>
    public double? MonoFoldDownIntegratedLufs =>
        _foldGatingBlocks?.RelativeGatedMeanEnergy(IntegratedRelativeGateLu) is { } e ? LoudnessMath.LufsFromEnergy(e) : null;

    /// <summary>
    /// Loudness range per EBU Tech 3342: short-term (3 s) loudness every 100 ms, gated at −70 LUFS and
    /// −20 LU below their power mean, LRA = 95th − 10th percentile. Null before the first short-term block passes the gates.
    /// </summary>
    public double? LoudnessRangeLu
    {
        get
        {
            var p = _shortTermBlocks.RelativeGatedPercentiles(RangeRelativeGateLu, 0.10, 0.95);
            return p is null ? null : p[1] - p[0];
        }
    }

    /// <summary>Highest momentary loudness over complete 400 ms windows (5 ms steps); null before one is complete or if all were digital silence.</summary>
    public double? MaxMomentaryLufs => _maxMomentaryEnergy > 0 ? LoudnessMath.LufsFromEnergy(_maxMomentaryEnergy) : null;

    /// <summary>Highest short-term loudness over complete 3 s windows (5 ms steps); null before one is complete or if all were digital silence.</summary>
    public double? MaxShortTermLufs => _maxShortTermEnergy > 0 ? LoudnessMath.LufsFromEnergy(_maxShortTermEnergy) : null;

    /// <summary>Momentary loudness every 100 ms (entry i: the 400 ms ending at (i+1)·100 ms), LUFS; −∞ for digital silence. Empty when series are off.</summary>
    public IReadOnlyList<float> MomentarySeries => (IReadOnlyList<float>?)_momentarySeries ?? [];

    /// <summary>Short-term loudness every 100 ms (entry i: the 3 s ending at (i+1)·100 ms), LUFS; −∞ for digital silence.</summary>
    public IReadOnlyList<float> ShortTermSeries => (IReadOnlyList<float>?)_shortTermSeries ?? [];

    /// <summary>Largest |sample| over all channels (linear).</summary>
    public double SamplePeak => _samplePeak.Max();

    /// <summary>Largest 4x-oversampled magnitude over all channels (linear); NaN when true peak is switched off in the options.</summary>
    public double TruePeak => _truePeak is null ? double.NaN : _truePeak.Max(d => d.Peak);

    public double SamplePeakDbfs => LoudnessMath.DecibelsFromLinear(SamplePeak);

    public double TruePeakDbtp => LoudnessMath.DecibelsFromLinear(TruePeak);

    public double ChannelSamplePeak(int channel) => _samplePeak[channel];

    public double ChannelTruePeak(int channel) => _truePeak is null ? double.NaN : _truePeak[channel].Peak;

    private void Deinterleave(ReadOnlySpan<float> interleaved, int frames)
    {
        var n = _channels;
        if (n == 1)
        {
            interleaved.CopyTo(_planar[0]);
            return;
        }
        if (n == 2)
        {
            Dsp.StereoInterleaving.Split(interleaved, _planar[0].AsSpan(0, frames), _planar[1].AsSpan(0, frames));
            return;
        }
        for (var c = 0; c < n; c++)
        {
            var dst = _planar[c];
            for (int i = 0, j = c; i < frames; i++, j += n) dst[i] = interleaved[j];
        }
    }

    private void MeasurePeaks(int frames)
    {
        for (var c = 0; c < _channels; c++)
        {
            var x = _planar[c].AsSpan(0, frames);
            var peak = Math.Abs(TensorPrimitives.MaxMagnitude<float>(x));
            if (!float.IsFinite(peak))
            {
                // A damaged float file: NaN or ±∞ would poison the filters for the rest of the
                // programme, so such samples are measured as silence.
                foreach (ref var v in x) if (!float.IsFinite(v)) v = 0;
                peak = Math.Abs(TensorPrimitives.MaxMagnitude<float>(x));
            }
            if (peak > _samplePeak[c]) _samplePeak[c] = peak;
            _truePeak?[c].Process(x);
        }
    }

    private void MeasureLoudness(int frames)
    {
        var i = 0;
        while (i < frames)
        {
            var n = Math.Min(frames - i, _subFramesWanted - _subFrames);
            _subEnergy += WeightedSumOfSquares(i, n);
            _subFrames += n;
            i += n;
            if (_subFrames == _subFramesWanted) CloseSubBlock();
        }
    }

    // Σ_c G_c Σ_n y_c² over frames [start, start + n) (BS.1770-4 Annex 1, eq. 2 before the mean).
    // Channels with G = 0 (the LFE) are not filtered at all.
    private double WeightedSumOfSquares(int start, int n)
    {
        var active = _weightedChannels;
        double sum = 0;
        var i = 0;
        if (_foldRingEnergy is not null)
        {
            // Channels 0 and 1 (checked in the constructor) also give the fold-down's sum.
            sum += KWeightingFilter.SumOfSquaresPairWithFoldDown(
                _filters[0], _planar[0].AsSpan(start, n), _weights[0],
                _filters[1], _planar[1].AsSpan(start, n), _weights[1], out var fold);
            _subFoldEnergy += fold;
            i = 2;
        }
        for (; i + 1 < active.Length; i += 2)
        {
            int a = active[i], b = active[i + 1];
            sum += KWeightingFilter.SumOfSquaresPair(
                _filters[a], _planar[a].AsSpan(start, n), _weights[a],
                _filters[b], _planar[b].AsSpan(start, n), _weights[b]);
        }
        if (i < active.Length)
        {
            var c = active[i];
            sum += _weights[c] * _filters[c].SumOfSquares(_planar[c].AsSpan(start, n));
        }
        return sum;
    }

    private void CloseSubBlock()
    {
        var k = _subBlocksDone;
        var slot = (int)(k % ShortTermSubBlocks);
        // Slide the windows: the sub-block leaving the 400 ms window is 80 back, the one leaving 3 s is 600 back.
        if (k >= MomentarySubBlocks)
        {
            var old = (int)((k - MomentarySubBlocks) % ShortTermSubBlocks);
            _momentaryEnergy -= _ringEnergy[old];
            _momentaryFrames -= _ringFrames[old];
        }
        if (k >= ShortTermSubBlocks)
        {
            _shortTermEnergy -= _ringEnergy[slot];
            _shortTermFrames -= _ringFrames[slot];
        }
        _ringEnergy[slot] = _subEnergy;
        _ringFrames[slot] = _subFrames;
        _momentaryEnergy += _subEnergy;
        _momentaryFrames += _subFrames;
        _shortTermEnergy += _subEnergy;
        _shortTermFrames += _subFrames;
        if (_foldRingEnergy is not null)
        {
            _foldRingEnergy[(int)(k % MomentarySubBlocks)] = _subFoldEnergy;
            _subFoldEnergy = 0;
        }
        _subBlocksDone = ++k;
        _subEnergy = 0;
        _subFrames = 0;
        _subFramesWanted = (int)(SubBlockBoundary(k + 1) - SubBlockBoundary(k));

        var step = k % SubBlocksPerStep == 0;
        if (step) RefreshWindowSums(k);

        if (k >= MomentarySubBlocks)
        {
            var m = Math.Max(0, _momentaryEnergy) / _momentaryFrames;
            if (m > _maxMomentaryEnergy) _maxMomentaryEnergy = m;
            if (step)
            {
                _gatingBlocks.Add(m);
                // The ring holds exactly the last 80 sub-blocks, i.e. the same 400 ms block.
                if (_foldRingEnergy is not null) _foldGatingBlocks!.Add(Sum(_foldRingEnergy) / _momentaryFrames);
            }
        }
        if (k >= ShortTermSubBlocks)
        {
            var s = Math.Max(0, _shortTermEnergy) / _shortTermFrames;
            if (s > _maxShortTermEnergy) _maxShortTermEnergy = s;
            if (step) _shortTermBlocks.Add(s);
        }
        if (step && _momentarySeries is not null)
        {
            // Windows not yet full are read as if silence preceded the programme.
            var momentaryWindow = (double)SubBlockBoundary(MomentarySubBlocks);
            var shortTermWindow = (double)SubBlockBoundary(ShortTermSubBlocks);
            var mFrames = k >= MomentarySubBlocks ? _momentaryFrames : momentaryWindow;
            var sFrames = k >= ShortTermSubBlocks ? _shortTermFrames : shortTermWindow;
            _momentarySeries.Add((float)LoudnessMath.LufsFromEnergy(_momentaryEnergy / mFrames));
            _shortTermSeries!.Add((float)LoudnessMath.LufsFromEnergy(_shortTermEnergy / sFrames));
        }
    }

    // Recomputes both window sums from the ring so that add/subtract rounding never accumulates
    // (and digital silence after a loud passage reads exactly −∞).
    private void RefreshWindowSums(long done)
    {
        double m = 0, s = 0;
        long mf = 0, sf = 0;
        var count = (int)Math.Min(done, ShortTermSubBlocks);
        var slot = (int)((done - 1) % ShortTermSubBlocks); // newest sub-block, walking back in time
        for (var j = 1; j <= count; j++)
        {
            s += _ringEnergy[slot];
            sf += _ringFrames[slot];
            if (j <= MomentarySubBlocks) { m += _ringEnergy[slot]; mf += _ringFrames[slot]; }
            slot = slot == 0 ? ShortTermSubBlocks - 1 : slot - 1;
        }
        _momentaryEnergy = m; _momentaryFrames = mf;
        _shortTermEnergy = s; _shortTermFrames = sf;
    }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    // Frame index where sub-block k starts; integer so sub-blocks at any rate tile the signal exactly.
    private long SubBlockBoundary(long k) => k * _sampleRateHz / SubBlocksPerSecond;
}
