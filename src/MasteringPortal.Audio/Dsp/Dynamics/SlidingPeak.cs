namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Maximum of the last <c>windowFrames</c> values, in amortised O(1) per sample (monotonic deque).
/// A peak-hold detector: on a steady tone whose half-period fits the window it reads the peak exactly,
/// so the static curve holds without ripple; it rises instantly and falls after the window has passed.
/// </summary>
internal sealed class SlidingPeak
{
    private readonly double[] _values;
    private readonly long[] _expiry;
    private readonly int _window;
    private int _head, _count;
    private long _index;

    public SlidingPeak(int windowFrames)
    {
        _window = Math.Max(1, windowFrames);
        _values = new double[_window + 1];
        _expiry = new long[_window + 1];
    }

    public double Push(double value)
    {
        var cap = _values.Length;
        // Drop older values that can never be the maximum again.
        while (_count > 0)
        {
            var back = _head + _count - 1;
            if (back >= cap) back -= cap;
            if (_values[back] > value) break;
            _count--;
        }
        var slot = _head + _count;
        if (slot >= cap) slot -= cap;
        _values[slot] = value;
        _expiry[slot] = _index + _window;
        _count++;
        _index++;
        if (_expiry[_head] < _index)
        {
            _head = _head + 1 == cap ? 0 : _head + 1;
            _count--;
        }
        return _values[_head];
    }

    public void Reset()
    {
        _head = _count = 0;
        _index = 0;
    }
}
