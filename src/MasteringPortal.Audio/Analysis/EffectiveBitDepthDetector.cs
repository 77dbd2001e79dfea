namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// How many bits of the samples actually carry information. Every sample is placed on a 32-bit integer grid
/// (x · 2^31); the OR of all of them has as many trailing zero bits as the lowest bit no sample ever used,
/// so a 16-bit mix padded into a 24-bit or float file shows 16 effective bits. A float sample that is not on
/// the 32-bit grid at all means float resolution is in use (effective depth 32, i.e. "more than 24").
/// Stops looking once the answer reaches the declared depth (it can only grow), so a genuine 24-bit file costs
/// a few hundred samples.
/// </summary>
public sealed class EffectiveBitDepthDetector(int declaredBits = 32)
{
    private const double GridScale = 2147483648.0; // 2^31
    private readonly int _stopAtBits = declaredBits is > 0 and < 32 ? declaredBits : 32;
    private ulong _usedBits;
    private bool _fullResolution;
    private bool _done;

    public void Add(ReadOnlySpan<float> samples)
    {
        if (_fullResolution || _done) return;
        var used = _usedBits;
        for (var i = 0; i < samples.Length; i++)
        {
            var scaled = samples[i] * GridScale;
            var whole = Math.Round(scaled);
            if (whole != scaled || Math.Abs(whole) >= 9.2e18)
            {
                _fullResolution = true;
                return;
            }
            used |= (ulong)Math.Abs((long)whole);
        }
        _usedBits = used;
        if (EffectiveBits >= _stopAtBits) _done = true;
    }

    /// <summary>Effective bits (1-32), or null when every sample was zero.</summary>
    public int? EffectiveBits
    {
        get
        {
            if (_fullResolution) return 32;
            if (_usedBits == 0) return null;
            var lowestUsed = System.Numerics.BitOperations.TrailingZeroCount(_usedBits);
            return Math.Max(1, 32 - lowestUsed);
        }
    }
}
