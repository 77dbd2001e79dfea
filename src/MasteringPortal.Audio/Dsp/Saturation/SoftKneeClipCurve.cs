namespace MasteringPortal.Audio.Dsp.Saturation;

/// <summary>
/// The clipper's transfer curve: the straight line up to the knee's start k, then
/// k + w·tanh((|x| − k) / w) with w = T − k, which leaves the line with slope 1 and no bend (tanh″(0) = 0) and
/// approaches the clip level T without reaching it. The first derivative it breaks is the third, so its
/// harmonics fall off far faster than a hard clip's. A knee of 0 dB is the hard clip min(|x|, T).
/// </summary>
internal readonly struct SoftKneeClipCurve : IWaveshaper
{
    private readonly float _kneeStart;
    private readonly float _width;
    private readonly float _inverseWidth;

    public SoftKneeClipCurve(double clipLevelLinear, double kneeDb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clipLevelLinear);
        _kneeStart = (float)(clipLevelLinear * Math.Pow(10, -kneeDb / 20));
        _width = (float)clipLevelLinear - _kneeStart;
        _inverseWidth = _width > 0 ? 1 / _width : 0;
    }

    /// <summary>Level where the curve leaves the straight line.</summary>
    public float KneeStart => _kneeStart;

    public float Shape(float x)
    {
        var magnitude = MathF.Abs(x);
        if (magnitude <= _kneeStart) return x;
        var y = _width > 0 ? _kneeStart + _width * MathF.Tanh((magnitude - _kneeStart) * _inverseWidth) : _kneeStart;
        return MathF.CopySign(y, x);
    }
}
