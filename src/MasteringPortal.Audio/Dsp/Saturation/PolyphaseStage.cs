using System.Numerics.Tensors;

namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// One F-times interpolation + decimation stage for one channel. Up: each low-rate sample gives F
/// high-rate samples, one short dot product per phase. Down: F high-rate samples give one low-rate
/// sample, one dot product per low-rate sample (polyphase decimation never computes the samples it
/// would throw away). Histories are float rings of doubled length, so every dot product reads one
/// contiguous span and runs on SIMD. Up + down together delay by <see cref="LatencySamples"/> low-rate samples.
/// </summary>
internal sealed class PolyphaseStage
{
    private readonly int _factor;
    private readonly int _upLength;      // T + 1 low-rate taps per phase
    private readonly float[][] _phases;  // [phase][oldest..newest], scaled by F
    private readonly float[] _downTaps;  // symmetric, so oldest..newest order equals h
    private readonly float[] _upHistory, _downHistory;
    private int _upPos, _downPos;
    private int _zeroRun; // trailing zeros in the down history (DownSparse); the history starts as zeros

    public PolyphaseStage(int factor, double passbandEdge, double stopbandEdge, int tapsPerPhaseMultiple)
    {
        _factor = factor;
        var h = OversamplingFilterDesign.Design(factor, passbandEdge, stopbandEdge, tapsPerPhaseMultiple, out var tapsPerPhase);
        LatencySamples = tapsPerPhase;
        _upLength = tapsPerPhase + 1;
        _phases = new float[factor][];
        for (var p = 0; p < factor; p++)
        {
            _phases[p] = new float[_upLength];
            for (var j = 0; j < _upLength; j++)
            {
                var k = (_upLength - 1 - j) * factor + p; // j = 0 is the oldest input
                _phases[p][j] = k < h.Length ? (float)(factor * h[k]) : 0f;
            }
        }
        _downTaps = h.Select(x => (float)x).ToArray();
        _upHistory = new float[2 * _upLength];
        _downHistory = new float[2 * h.Length];
        _zeroRun = h.Length;
    }

    public int Factor => _factor;

    public int LatencySamples { get; }

    /// <summary>Interpolates one low-rate sample into <paramref name="high"/> (F samples).</summary>
    public void Up(float x, Span<float> high)
    {
        var n = _upLength;
        _upHistory[_upPos] = x;
        _upHistory[_upPos + n] = x;
        var window = new ReadOnlySpan<float>(_upHistory, _upPos + 1, n);
        _upPos = _upPos + 1 == n ? 0 : _upPos + 1;
        for (var p = 0; p < _factor; p++) high[p] = TensorPrimitives.Dot(window, _phases[p]);
    }

    /// <summary>|<see cref="Up"/>'s output| ≤ this × the largest magnitude in its window (the largest phase's Σ|tap|).</summary>
    public float UpGainBound => _phases.Max(phase => phase.Sum(MathF.Abs));

    /// <summary>Largest magnitude among the low-rate samples the next <see cref="Up"/> still reads (and more: its whole history).</summary>
    public float UpHistoryPeak => MathF.Abs(TensorPrimitives.MaxMagnitude<float>(new ReadOnlySpan<float>(_upHistory, _upPos, _upLength)));

    /// <summary>What <see cref="Up"/> does to the history, without computing the phases (their output is not wanted).</summary>
    public void Push(float x)
    {
        _upHistory[_upPos] = x;
        _upHistory[_upPos + _upLength] = x;
        _upPos = _upPos + 1 == _upLength ? 0 : _upPos + 1;
    }

    /// <summary>Takes the F high-rate samples of one low-rate period and returns one low-rate sample.</summary>
    public float Down(ReadOnlySpan<float> high)
    {
        var n = _downTaps.Length;
        var output = 0f;
        for (var p = 0; p < high.Length; p++)
        {
            _downHistory[_downPos] = high[p];
            _downHistory[_downPos + n] = high[p];
            var start = _downPos + 1;
            _downPos = _downPos + 1 == n ? 0 : _downPos + 1;
            // The low-rate instant coincides with phase 0: sampling there keeps the delay whole.
            if (p == 0) output = TensorPrimitives.Dot(new ReadOnlySpan<float>(_downHistory, start, n), _downTaps);
        }
        return output;
    }

    /// <summary>
    /// <see cref="Down"/> for a signal that is mostly zero (a clipper's correction): while the whole history is zeros
    /// the output is zero, so the dot product is skipped. Same result as <see cref="Down"/>, bit for bit.
    /// </summary>
    public float DownSparse(ReadOnlySpan<float> high)
    {
        var allZero = true;
        foreach (var v in high) allZero &= v == 0;
        if (!allZero)
        {
            _zeroRun = 0;
            for (var p = high.Length - 1; p >= 0 && high[p] == 0; p--) _zeroRun++;
            return Down(high);
        }
        if (_zeroRun >= _downTaps.Length)
        {
            // The ring holds only zeros: Down would write zeros and return 0; only its position moves.
            _downPos = (_downPos + high.Length) % _downTaps.Length;
            return 0;
        }
        _zeroRun += high.Length;
        return Down(high);
    }

    public void Reset()
    {
        Array.Clear(_upHistory);
        Array.Clear(_downHistory);
        _upPos = _downPos = 0;
        _zeroRun = _downTaps.Length;
    }
}
