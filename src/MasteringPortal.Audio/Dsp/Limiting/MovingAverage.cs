namespace MasteringPortal.Audio.Dsp.Limiting;

/// <summary>
/// Mean of the last <c>length</c> values: the limiter's attack shaper. Averaging a held gain over the
/// hold's own length turns the step down into a linear ramp that reaches the held value exactly when the
/// peak arrives. The running sum is recomputed once per lap of the ring, so rounding cannot drift.
/// </summary>
internal sealed class MovingAverage
{
    private readonly double[] _ring;
    private readonly double _initial;
    private int _position;
    private double _sum;

    public MovingAverage(int length, double initial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _ring = new double[length];
        _initial = initial;
        Reset();
    }

    public double Push(double value)
    {
        _sum += value - _ring[_position];
        _ring[_position] = value;
        if (++_position == _ring.Length)
        {
            _position = 0;
            var exact = 0.0;
            foreach (var v in _ring) exact += v;
            _sum = exact;
        }
        return _sum / _ring.Length;
    }

    public void Reset()
    {
        Array.Fill(_ring, _initial);
        _position = 0;
        _sum = _initial * _ring.Length;
    }
}
