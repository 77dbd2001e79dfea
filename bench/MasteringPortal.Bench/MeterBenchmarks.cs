using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Bench.Metering;

/// <summary>
/// The loudness meter's kernels against libebur128 (Debian libebur128-1, double precision per sample) on
/// the same 60 s of 44.1 kHz stereo (a swept tone with noise, fed in 100 ms blocks as a file reader would).
/// Run: dotnet run -c Release --project bench/MasteringPortal.Bench -- --filter '*MeterBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class MeterBenchmarks
{
    private const int SampleRateHz = 44100;
    private const int Channels = 2;
    private const int BlockFrames = SampleRateHz / 10;
    private float[] _interleaved = [];
    private float[] _left = [];

    [GlobalSetup]
    public void Setup()
    {
        var frames = SampleRateHz * 60;
        _interleaved = new float[frames * Channels];
        _left = new float[frames];
        var rng = new Random(1);
        double phase = 0;
        for (var i = 0; i < frames; i++)
        {
            phase += 2 * Math.PI * (200 + 3000.0 * (i % SampleRateHz) / SampleRateHz) / SampleRateHz;
            var s = (float)(0.3 * Math.Sin(phase) + 0.1 * (rng.NextDouble() - 0.5));
            _interleaved[2 * i] = s;
            _interleaved[2 * i + 1] = 0.8f * s;
            _left[i] = s;
        }
    }

    [Benchmark(Description = "meter: loudness + LRA + true peak + series")]
    public double MeterComplete() => Feed(new LoudnessMeter(SampleRateHz, Channels)).IntegratedLufs ?? 0;

    [Benchmark(Description = "meter: loudness + LRA only")]
    public double MeterLoudnessOnly() => Feed(new LoudnessMeter(SampleRateHz, Channels, new LoudnessMeterOptions(TruePeak: false, Series: false))).IntegratedLufs ?? 0;

    [Benchmark(Description = "true peak (4x, 48 taps, parabolic vertices), one channel")]
    public double TruePeak() => Detect();

    [Benchmark(Baseline = true, Description = "libebur128: I + LRA + true peak")]
    public unsafe double Libebur128Complete()
    {
        var state = Ebur128.Init(Channels, SampleRateHz, Ebur128.ModeI | Ebur128.ModeLra | Ebur128.ModeTruePeak);
        try
        {
            fixed (float* p = _interleaved)
            {
                var frames = _interleaved.Length / Channels;
                for (var o = 0; o < frames; o += BlockFrames)
                    Ebur128.AddFramesFloat(state, p + (long)o * Channels, (nuint)Math.Min(BlockFrames, frames - o));
            }
            Ebur128.LoudnessGlobal(state, out var lufs);
            Ebur128.TruePeak(state, 0, out _);
            Ebur128.LoudnessRange(state, out _);
            return lufs;
        }
        finally
        {
            Ebur128.Destroy(ref state);
        }
    }

    private LoudnessMeter Feed(LoudnessMeter meter)
    {
        for (var o = 0; o < _interleaved.Length; o += BlockFrames * Channels)
            meter.AddFrames(_interleaved.AsSpan(o, Math.Min(BlockFrames * Channels, _interleaved.Length - o)));
        _ = meter.LoudnessRangeLu;
        _ = meter.TruePeak;
        return meter;
    }

    private double Detect()
    {
        var detector = new TruePeakDetector();
        for (var o = 0; o < _left.Length; o += BlockFrames) detector.Process(_left.AsSpan(o, Math.Min(BlockFrames, _left.Length - o)));
        return detector.Peak;
    }

    private static unsafe class Ebur128
    {
        private const string Library = "libebur128.so.1";
        // ebur128.h: EBUR128_MODE_M = 1, S = 2|M, I = 4|M, LRA = 8|S, SAMPLE_PEAK = 16|M, TRUE_PEAK = 32|M|SAMPLE_PEAK.
        public const int ModeI = (1 << 2) | 1;
        public const int ModeLra = (1 << 3) | (1 << 1) | 1;
        public const int ModeTruePeak = (1 << 5) | (1 << 4) | 1;

        [DllImport(Library, EntryPoint = "ebur128_init")] public static extern IntPtr Init(uint channels, ulong sampleRate, int mode);
        [DllImport(Library, EntryPoint = "ebur128_destroy")] public static extern void Destroy(ref IntPtr state);
        [DllImport(Library, EntryPoint = "ebur128_add_frames_float")] public static extern int AddFramesFloat(IntPtr state, float* frames, nuint count);
        [DllImport(Library, EntryPoint = "ebur128_loudness_global")] public static extern int LoudnessGlobal(IntPtr state, out double lufs);
        [DllImport(Library, EntryPoint = "ebur128_loudness_range")] public static extern int LoudnessRange(IntPtr state, out double lu);
        [DllImport(Library, EntryPoint = "ebur128_true_peak")] public static extern int TruePeak(IntPtr state, uint channel, out double peak);
    }
}
