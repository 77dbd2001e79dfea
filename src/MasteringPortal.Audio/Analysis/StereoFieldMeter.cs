namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// DC offset of every channel (the mean sample value) and the correlation of left and right over the whole
/// file, r = Σ L·R / √(Σ L² · Σ R²), as a phase-correlation meter shows it (no mean removed: +1 mono,
/// 0 unrelated, -1 one side inverted). Sums are kept per block in float and added up in double.
/// </summary>
public sealed class StereoFieldMeter
{
    private readonly double[] _sum;
    private double _sumLL, _sumRR, _sumLR;
    private long _frames;

    public StereoFieldMeter(int channels) => _sum = new double[channels];

    public void AddChannel(int channel, ReadOnlySpan<float> samples) =>
        _sum[channel] += System.Numerics.Tensors.TensorPrimitives.Sum(samples);

    public void AddPair(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        _sumLL += System.Numerics.Tensors.TensorPrimitives.Dot(left, left);
        _sumRR += System.Numerics.Tensors.TensorPrimitives.Dot(right, right);
        _sumLR += System.Numerics.Tensors.TensorPrimitives.Dot(left, right);
    }

    public void AddFrames(int frames) => _frames += frames;

    /// <summary>Mean of each channel, linear (full scale 1.0).</summary>
    public double[] DcOffsets()
    {
        var result = new double[_sum.Length];
        if (_frames == 0) return result;
        for (var c = 0; c < result.Length; c++) result[c] = _sum[c] / _frames;
        return result;
    }

    /// <summary>Left/right correlation, or null for mono or when a side is silent.</summary>
    public double? Correlation
    {
        get
        {
            var denominator = Math.Sqrt(_sumLL * _sumRR);
            return _sum.Length < 2 || denominator <= 0 ? null : Math.Clamp(_sumLR / denominator, -1, 1);
        }
    }
}
