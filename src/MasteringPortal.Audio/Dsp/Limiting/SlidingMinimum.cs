namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// Minimum of the last <c>window</c> values in O(1) amortised per sample: a monotonic queue (values
/// increasing from front to back; a new value evicts every larger one behind which it would never be the
/// minimum). Used as the limiter's peak hold: it holds each required gain for the whole attack ramp.
/// </summary>
internal sealed class SlidingMinimum
{
    private readonly int _window;
    private readonly double[] _values;
    private readonly long[] _indices;
    private int _head;   // ring position of the front
    private int _count;
    private long _time;

    public SlidingMinimum(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
        _values = new double[window + 1];
        _indices = new long[window + 1];
    }

    /// <summary>Adds the next value and returns the minimum of the last <c>window</c> values (fewer at the start).</summary>
    public double Push(double value)
    {
        var capacity = _values.Length;
        while (_count > 0)
        {
            var back = Wrap(_head + _count - 1, capacity);
            if (_values[back] < value) break;
            _count--;
        }
        var slot = Wrap(_head + _count, capacity);
        _values[slot] = value;
        _indices[slot] = _time;
        _count++;
        if (_indices[_head] <= _time - _window)
        {
            _head = Wrap(_head + 1, capacity);
            _count--;
        }
        _time++;
        return _values[_head];
    }

    /// <summary>Ring index without a division: arguments never reach twice the capacity.</summary>
    private static int Wrap(int index, int capacity) => index >= capacity ? index - capacity : index;

    public void Reset()
    {
        _head = 0;
        _count = 0;
        _time = 0;
    }
}
