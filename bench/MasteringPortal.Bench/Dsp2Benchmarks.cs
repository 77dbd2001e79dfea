using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Bench;

/// <summary>
/// Throughput of the limiter, the sample-rate converter and the dither on 10 s of stereo noise-like
/// programme in 4096-frame blocks (the chain's block size). Realtime factor = 10 s / mean time.
/// Run: dotnet run -c Release --project bench/MasteringPortal.Bench -- --filter '*Dsp2*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class Dsp2Benchmarks
{
    /// <summary>
    /// Short run, in process: the default toolchain rebuilds a copy of the project, which hit its 2-minute
    /// build timeout on the shared 2-core machine.
    /// </summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    private const int BlockFrames = 4096;
    private const double Seconds = 10;

    private float[][] _at44 = null!;
    private float[][] _at96 = null!;
    private AudioBlock _block = null!;
    private AudioBlock _resampled = null!;
    private TruePeakLimiter _limiter = null!;
    private Resampler _up = null!;
    private Resampler _down = null!;
    private TpdfDither _dither = null!;

    [GlobalSetup]
    public void Setup()
    {
        _at44 = Programme(44100);
        _at96 = Programme(96000);
        _block = new AudioBlock(2, BlockFrames);
        _limiter = new TruePeakLimiter(new TruePeakLimiterSettings(CeilingDbtp: -1), 44100, 2);
        _up = new Resampler(new ResamplerSettings(44100, 48000), 2);
        _down = new Resampler(new ResamplerSettings(96000, 44100), 2);
        _resampled = new AudioBlock(2, Math.Max(_up.MaxOutputFrames(BlockFrames), _down.MaxOutputFrames(BlockFrames)));
        _dither = new TpdfDither(new DitherSettings(16, NoiseShaping.SecondOrderPsychoacoustic), 44100, 2);
    }

    [Benchmark(Description = "TruePeakLimiter 44.1k stereo, 10 s, heavy limiting")]
    public void Limiter() => Run(_at44, block => _limiter.Process(block));

    [Benchmark(Description = "Resampler 44.1k->48k stereo, 10 s")]
    public void Upsample44To48() => Run(_at44, block => _up.Process(block, _resampled));

    [Benchmark(Description = "Resampler 96k->44.1k stereo, 10 s")]
    public void Downsample96To44() => Run(_at96, block => _down.Process(block, _resampled));

    [Benchmark(Description = "TpdfDither 16-bit shaped 44.1k stereo, 10 s")]
    public void Dither() => Run(_at44, block => _dither.Quantise(block));

    private void Run(float[][] source, Action<AudioBlock> stage)
    {
        var frames = source[0].Length;
        for (var start = 0; start < frames; start += BlockFrames)
        {
            var n = Math.Min(BlockFrames, frames - start);
            for (var c = 0; c < 2; c++) source[c].AsSpan(start, n).CopyTo(_block.Channels[c]);
            _block.Frames = n;
            stage(_block);
        }
    }

    /// <summary>Loud noise with a slow level modulation: the limiter works most of the time.</summary>
    private static float[][] Programme(int rateHz)
    {
        var random = new Xoshiro256StarStar(1);
        var frames = (int)(rateHz * Seconds);
        var audio = new[] { new float[frames], new float[frames] };
        for (var i = 0; i < frames; i++)
        {
            var level = 1.5 + Math.Sin(2 * Math.PI * 0.7 * i / rateHz);
            for (var c = 0; c < 2; c++) audio[c][i] = (float)(level * (2 * random.NextDouble() - 1));
        }
        return audio;
    }
}
