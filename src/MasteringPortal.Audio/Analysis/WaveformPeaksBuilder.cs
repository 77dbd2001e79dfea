namespace MasteringPortal.Audio.Analysis;

/// <summary>
/// Builds <see cref="WaveformPeaks"/> at several zoom levels in one pass. Only the finest level is computed
/// from samples; each coarser level (an integer multiple of the finest) is merged from it at the end, which
/// is exact because quantisation is monotonic: the min of quantised mins is the quantised min. Memory is the
/// finest level only: 4 values per pixel per stereo pair, 2.5 M shorts for an hour at 44.1 kHz / 256.
/// </summary>
public sealed class WaveformPeaksBuilder
{
    private readonly int _channels;
    private readonly int _sampleRateHz;
    private readonly int[] _samplesPerPixel;
    private readonly int _bits;
    private readonly float _scale;
    private readonly int _lowest;
    private readonly int _highest;
    private readonly float[] _min;
    private readonly float[] _max;
    private const long MaxPreallocatedValues = 4 << 20;
    private readonly List<short> _finest = [];
    private int _framesInPixel;

    /// <param name="samplesPerPixel">Zoom levels, finest first; each must be a multiple of the first.</param>
    /// <param name="bits">8 or 16, as in audiowaveform.</param>
    /// <param name="expectedFrames">The source's length if known: the finest level is allocated once at its final size.</param>
    public WaveformPeaksBuilder(int sampleRateHz, int channels, IReadOnlyList<int> samplesPerPixel, int bits = 8, long? expectedFrames = null)
    {
        if (bits is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bits), "audiowaveform data is 8 or 16 bits");
        if (samplesPerPixel.Count == 0 || samplesPerPixel.Any(s => s < 1 || s % samplesPerPixel[0] != 0))
            throw new ArgumentException("zoom levels must be positive multiples of the finest", nameof(samplesPerPixel));
        _sampleRateHz = sampleRateHz;
        _channels = channels;
        _samplesPerPixel = samplesPerPixel.ToArray();
        _bits = bits;
        _scale = 1 << (bits - 1);
        _lowest = -(1 << (bits - 1));
        _highest = (1 << (bits - 1)) - 1;
        // Capped (8 MB) so that a header's claim never decides how much memory is taken up front.
        if (expectedFrames is > 0)
            _finest.Capacity = (int)Math.Min(MaxPreallocatedValues, (expectedFrames.Value + samplesPerPixel[0] - 1) / samplesPerPixel[0] * 2 * channels);
        _min = new float[channels];
        _max = new float[channels];
        ResetPixel();
    }

    private int FinestSamplesPerPixel => _samplesPerPixel[0];

    /// <summary>Feeds <paramref name="frames"/> frames of planar audio (one array per channel).</summary>
    public void Add(float[][] planar, int frames)
    {
        var spp = FinestSamplesPerPixel;
        var offset = 0;
        while (offset < frames)
        {
            var take = Math.Min(spp - _framesInPixel, frames - offset);
            for (var c = 0; c < _channels; c++)
            {
                var span = planar[c].AsSpan(offset, take);
                _min[c] = Math.Min(_min[c], System.Numerics.Tensors.TensorPrimitives.Min(span));
                _max[c] = Math.Max(_max[c], System.Numerics.Tensors.TensorPrimitives.Max(span));
            }
            _framesInPixel += take;
            offset += take;
            if (_framesInPixel == spp) ClosePixel();
        }
    }

    private void ClosePixel()
    {
        for (var c = 0; c < _channels; c++)
        {
            _finest.Add(Quantise(_min[c]));
            _finest.Add(Quantise(_max[c]));
        }
        ResetPixel();
    }

    private void ResetPixel()
    {
        Array.Fill(_min, float.PositiveInfinity);
        Array.Fill(_max, float.NegativeInfinity);
        _framesInPixel = 0;
    }

    /// <summary>Floor onto the integer grid (so a sample at exactly full scale -1.0 is -128, +1.0 clamps to 127).</summary>
    private short Quantise(float sample) =>
        (short)Math.Clamp((int)Math.Floor(sample * _scale), _lowest, _highest);

    /// <summary>Closes the last partial pixel and returns one <see cref="WaveformPeaks"/> per zoom level.</summary>
    public IReadOnlyList<WaveformPeaks> Finish()
    {
        if (_framesInPixel > 0) ClosePixel();
        var finest = _finest.ToArray();
        var valuesPerPixel = 2 * _channels;
        var finestLength = finest.Length / valuesPerPixel;
        var result = new List<WaveformPeaks>(_samplesPerPixel.Length);
        foreach (var spp in _samplesPerPixel)
        {
            var factor = spp / FinestSamplesPerPixel;
            var length = (finestLength + factor - 1) / factor;
            var data = factor == 1 ? finest : new short[length * valuesPerPixel];
            if (factor > 1)
            {
                for (var p = 0; p < length; p++)
                {
                    var from = p * factor;
                    var to = Math.Min(finestLength, from + factor);
                    for (var c = 0; c < _channels; c++)
                    {
                        short lo = short.MaxValue, hi = short.MinValue;
                        for (var q = from; q < to; q++)
                        {
                            lo = Math.Min(lo, finest[q * valuesPerPixel + 2 * c]);
                            hi = Math.Max(hi, finest[q * valuesPerPixel + 2 * c + 1]);
                        }
                        data[p * valuesPerPixel + 2 * c] = lo;
                        data[p * valuesPerPixel + 2 * c + 1] = hi;
                    }
                }
            }
            result.Add(new WaveformPeaks(2, _channels, _sampleRateHz, spp, _bits, length, data));
        }
        return result;
    }
}
