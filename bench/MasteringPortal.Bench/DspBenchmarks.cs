using BenchmarkDotNet.Attributes;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Dsp.Stereo;

namespace MasteringPortal.Bench;

/// <summary>
/// Throughput of the EQ, compressor, saturation and imaging processors on 10 s of 44.1 kHz stereo
/// programme-like noise in 4096-frame blocks (the chain's block size), with settings that make every
/// processor do its full work. Realtime factor = 10 s / mean time.
/// Run: dotnet run -c Release --project bench/MasteringPortal.Bench -- --filter '*DspBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DspBenchmarks
{
    private const int BlockFrames = 4096;
    private const int SampleRateHz = 44100;
    private const double Seconds = 10;

    private float[][] _programme = null!;
    private AudioBlock _block = null!;
    private IAudioProcessor _highPass = null!, _eq = null!, _eqMidSide = null!, _linearPhase = null!;
    private IAudioProcessor _compressor = null!, _multiband = null!, _saturation = null!, _imager = null!;

    [GlobalSetup]
    public void Setup()
    {
        _programme = Programme();
        _block = new AudioBlock(2, BlockFrames);
        EqBand[] bands =
        [
            new() { Shape = EqBandShape.HighPass, FrequencyHz = 25, SlopeDbPerOct = 24 },
            new() { Shape = EqBandShape.LowShelf, FrequencyHz = 80, GainDb = 2 },
            new() { Shape = EqBandShape.Bell, FrequencyHz = 300, GainDb = -2, Q = 1.2 },
            new() { Shape = EqBandShape.Bell, FrequencyHz = 2500, GainDb = 1.5, Q = 0.9 },
            new() { Shape = EqBandShape.HighShelf, FrequencyHz = 12000, GainDb = 2 },
        ];
        _highPass = new HighPassFilter(new PassFilterSettings { FrequencyHz = 30, SlopeDbPerOct = 48 }, SampleRateHz, 2);
        _eq = new ParametricEq(new ParametricEqSettings { Bands = bands }, SampleRateHz, 2);
        _eqMidSide = new ParametricEq(new ParametricEqSettings { Mode = EqChannelMode.MidSide, Bands = bands, SideBands = bands }, SampleRateHz, 2);
        _linearPhase = new LinearPhaseEq(new ParametricEqSettings { Bands = bands }, SampleRateHz, 2);
        var bus = new CompressorSettings { ThresholdDb = -18, Ratio = 2, KneeDb = 6, SidechainHighPassHz = 90 };
        _compressor = new Compressor(bus, SampleRateHz, 2);
        _multiband = new MultibandCompressor(new MultibandCompressorSettings
        {
            CrossoverFrequenciesHz = [120, 1000, 6000],
            Bands = [bus, bus, bus, bus],
        }, SampleRateHz, 2);
        _saturation = new Saturator(new SaturationSettings { Curve = SaturationCurve.Tape, DriveDb = 6, MixPercent = 50 }, SampleRateHz, 2);
        _imager = new StereoImager(new StereoImagerSettings
        {
            CrossoverFrequenciesHz = [200, 4000],
            Widths = [0.8, 1.1, 1.3],
            MonoBelowHz = 100,
        }, SampleRateHz, 2);
    }

    [Benchmark(Description = "HighPassFilter 48 dB/oct 44.1k stereo, 10 s")]
    public void HighPass() => Run(_highPass);

    [Benchmark(Description = "ParametricEq 5 bands 44.1k stereo, 10 s")]
    public void Eq() => Run(_eq);

    [Benchmark(Description = "ParametricEq mid/side 5+5 bands 44.1k, 10 s")]
    public void EqMidSide() => Run(_eqMidSide);

    [Benchmark(Description = "LinearPhaseEq 16385 taps 44.1k stereo, 10 s")]
    public void LinearPhase() => Run(_linearPhase);

    [Benchmark(Description = "Compressor (SC HP, linked) 44.1k stereo, 10 s")]
    public void Compressor() => Run(_compressor);

    [Benchmark(Description = "MultibandCompressor 4 bands 44.1k stereo, 10 s")]
    public void Multiband() => Run(_multiband);

    [Benchmark(Description = "Saturator tape 16x 44.1k stereo, 10 s")]
    public void Saturation() => Run(_saturation);

    [Benchmark(Description = "StereoImager 3 bands + mono bass 44.1k, 10 s")]
    public void Imager() => Run(_imager);

    private void Run(IAudioProcessor processor)
    {
        var frames = _programme[0].Length;
        for (var start = 0; start < frames; start += BlockFrames)
        {
            var n = Math.Min(BlockFrames, frames - start);
            for (var c = 0; c < 2; c++) _programme[c].AsSpan(start, n).CopyTo(_block.Channels[c]);
            _block.Frames = n;
            processor.Process(_block);
        }
    }

    /// <summary>Noise at about -12 dBFS RMS with a slow level swing, so the compressors work.</summary>
    private static float[][] Programme()
    {
        var random = new Random(1);
        var frames = (int)(SampleRateHz * Seconds);
        var audio = new[] { new float[frames], new float[frames] };
        for (var i = 0; i < frames; i++)
        {
            var level = 0.35 * (1 + 0.5 * Math.Sin(2 * Math.PI * 0.7 * i / SampleRateHz));
            for (var c = 0; c < 2; c++) audio[c][i] = (float)(level * (2 * random.NextDouble() - 1));
        }
        return audio;
    }
}
