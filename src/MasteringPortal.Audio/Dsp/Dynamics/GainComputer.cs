namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Static compression curve with a quadratic soft knee (Giannoulis, Massberg, Reiss, "Digital Dynamic
/// Range Compressor Design", JAES 2012, eq. 4). Returns the gain change in dB (0 or negative).
/// </summary>
public readonly struct GainComputer(double thresholdDb, double ratio, double kneeDb)
{
    private readonly double _slope = 1 / ratio - 1;
    private readonly double _halfKnee = kneeDb / 2;

    /// <summary>Input level where the curve leaves 0 dB gain (threshold - knee/2).</summary>
    public double KneeStartDb => thresholdDb - _halfKnee;

    public double GainDb(double levelDb)
    {
        var over = levelDb - thresholdDb;
        if (over <= -_halfKnee) return 0;
        if (over < _halfKnee)
        {
            var t = over + _halfKnee;
            return _slope * t * t / (2 * kneeDb);
        }
        return _slope * over;
    }
}
