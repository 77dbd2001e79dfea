using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MasteringPortal.Audio;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;

namespace MasteringPortal.Bench;

/// <summary>
/// Whole-file comparisons, run by bench/analyze/run.sh. They are plain programs, not
/// BenchmarkDotNet jobs, so they hook in ahead of Program's BenchmarkSwitcher when the first argument names them:
/// <list type="bullet">
/// <item><c>analyze-ebur128 FILE</c>: libebur128 (I | LRA | TRUE_PEAK) over FILE read with our reader; times
/// only the libebur128 calls, in wall and in this thread's CPU time; prints <c>ebur128_seconds=… ebur128_cpu_seconds=…
/// integrated_lufs=… lra_lu=… true_peak_dbtp=…</c>.</item>
/// <item><c>analyze-inprocess FILE</c>: the file decoded into memory once, then timed: our LoudnessMeter alone
/// (I, LRA, true peak, series) and the complete IntakeAnalyzer pass with waveforms, for a breakdown.</item>
/// </list>
/// </summary>
internal static class AnalyzeReference
{
    [ModuleInitializer]
    internal static void RunIfRequested()
    {
        var args = Environment.GetCommandLineArgs();
        if (args.Length < 3) return;
        switch (args[1])
        {
            case "analyze-ebur128": Environment.Exit(Ebur128(args[2]));
                break;
            case "analyze-inprocess": Environment.Exit(InProcess(args[2]));
                break;
        }
    }

    private const int BlockFrames = 16384;

    private static int Ebur128(string path)
    {
        using var source = AudioFile.OpenRead(path, AudioTools.FromPath());
        var format = source.Format;
        var state = Native.ebur128_init((uint)format.Channels, (nuint)format.SampleRateHz, Native.ModeI | Native.ModeLra | Native.ModeTruePeak);
        if (state == IntPtr.Zero) throw new InvalidOperationException("ebur128_init failed");
        var buffer = new float[BlockFrames * format.Channels];
        var timer = new Stopwatch();
        var cpuSeconds = 0.0;
        int frames;
        while ((frames = source.Read(buffer)) > 0)
        {
            var cpuStart = ThreadCpuSeconds();
            timer.Start();
            unsafe
            {
                fixed (float* p = buffer)
                    if (Native.ebur128_add_frames_float(state, p, (nuint)frames) != 0) throw new InvalidOperationException("add_frames failed");
            }
            timer.Stop();
            cpuSeconds += ThreadCpuSeconds() - cpuStart;
        }
        var queryCpuStart = ThreadCpuSeconds();
        timer.Start();
        Native.ebur128_loudness_global(state, out var integrated);
        Native.ebur128_loudness_range(state, out var lra);
        var truePeak = 0.0;
        for (var c = 0u; c < format.Channels; c++)
        {
            Native.ebur128_true_peak(state, c, out var peak);
            truePeak = Math.Max(truePeak, peak);
        }
        timer.Stop();
        cpuSeconds += ThreadCpuSeconds() - queryCpuStart;
        Native.ebur128_destroy(ref state);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ebur128_seconds={timer.Elapsed.TotalSeconds:0.000} ebur128_cpu_seconds={cpuSeconds:0.000} integrated_lufs={integrated:0.000} lra_lu={lra:0.000} true_peak_dbtp={20 * Math.Log10(truePeak):0.000}"));
        return 0;
    }

    private static int InProcess(string path)
    {
        float[] samples;
        AudioFormat format;
        using (var source = AudioFile.OpenRead(path, AudioTools.FromPath()))
        {
            format = source.Format;
            var all = new List<float>();
            var buffer = new float[BlockFrames * format.Channels];
            int frames;
            while ((frames = source.Read(buffer)) > 0) all.AddRange(buffer.AsSpan(0, frames * format.Channels));
            samples = all.ToArray();
        }
        for (var round = 0; round < 2; round++) // the first round includes JIT
        {
            var timer = Stopwatch.StartNew();
            var meter = new LoudnessMeter(format.SampleRateHz, format.Channels);
            for (var i = 0; i < samples.Length; i += BlockFrames * format.Channels)
                meter.AddFrames(samples.AsSpan(i, Math.Min(BlockFrames * format.Channels, samples.Length - i)));
            var integrated = meter.IntegratedLufs;
            var meterSeconds = timer.Elapsed.TotalSeconds;

            timer.Restart();
            var analysis = IntakeAnalyzer.Analyze(new MemorySource(samples, format));
            var analysisSeconds = timer.Elapsed.TotalSeconds;
            Breakdown(samples, format);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round={round} meter_seconds={meterSeconds:0.000} analysis_seconds={analysisSeconds:0.000} integrated_lufs={integrated:0.000} analysis_integrated_lufs={analysis.IntegratedLufs:0.000}"));
        }
        return 0;
    }

    /// <summary>Times each analyser of the intake pass alone over the in-memory samples.</summary>
    private static void Breakdown(float[] samples, AudioFormat format)
    {
        var channels = format.Channels;
        var frames = samples.Length / channels;
        var planar = new MasteringPortal.Audio.Dsp.AudioBlock(channels, BlockFrames);
        var mid = new float[BlockFrames];
        var side = new float[BlockFrames];
        // CPU time of this thread, not wall time: the machine these run on is shared, and a busy neighbour
        // stretches wall time without changing the work done.
        void Time(string name, Action<int, int> perBlock)
        {
            var start = ThreadCpuSeconds();
            for (var f = 0; f < frames; f += BlockFrames) perBlock(f, Math.Min(BlockFrames, frames - f));
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"{name}={ThreadCpuSeconds() - start:0.000} "));
        }
        Time("deinterleave", (f, n) => planar.Deinterleave(samples.AsSpan(f * channels, n * channels), n));
        var spectrum = new LongTermSpectrumAnalyzer(format.SampleRateHz, true, new LossyCutoffDetector(format.SampleRateHz));
        Time("spectrum", (f, n) => spectrum.Add(mid.AsSpan(0, n), side.AsSpan(0, n)));
        var spectrumNoCutoff = new LongTermSpectrumAnalyzer(format.SampleRateHz, true);
        Time("spectrum_no_cutoff", (f, n) => spectrumNoCutoff.Add(mid.AsSpan(0, n), side.AsSpan(0, n)));
        var clipping = new ClippingDetector(format.SampleRateHz, channels);
        Time("clipping", (f, n) => { for (var c = 0; c < channels; c++) clipping.Add(c, planar.Channels[c].AsSpan(0, n), f); });
        var silence = new SilenceDetector();
        Time("silence", (f, n) => { for (var c = 0; c < channels; c++) silence.Add(planar.Channels[c].AsSpan(0, n), f); });
        var bits = new EffectiveBitDepthDetector(format.BitDepth);
        Time("bitdepth", (f, n) => bits.Add(samples.AsSpan(f * channels, n * channels)));
        var pinned = new PinnedPeakTracker(format.SampleRateHz);
        Time("pinned", (f, n) => pinned.Add(samples.AsSpan(f * channels, n * channels), channels));
        var waveform = new WaveformPeaksBuilder(format.SampleRateHz, channels, IntakeAnalyzerOptions.DefaultZoomLevels);
        Time("waveform", (f, n) => waveform.Add(planar.Channels, n));
        var stereoOnly = new LoudnessMeter(format.SampleRateHz, channels, new LoudnessMeterOptions(TruePeak: false, Series: false));
        Time("meter_loudness_only", (f, n) => stereoOnly.AddFrames(samples.AsSpan(f * channels, n * channels)));
        var withFold = new LoudnessMeter(format.SampleRateHz, channels, new LoudnessMeterOptions(TruePeak: false, Series: false, MonoFoldDown: channels == 2));
        Time("meter_loudness_with_folddown", (f, n) => withFold.AddFrames(samples.AsSpan(f * channels, n * channels)));
        var truePeak = new TruePeakDetector();
        Time("truepeak_all_channels", (f, n) => { for (var c = 0; c < channels; c++) truePeak.Process(planar.Channels[c].AsSpan(0, n)); });
        var meter = new LoudnessMeter(format.SampleRateHz, channels, new LoudnessMeterOptions(MonoFoldDown: channels == 2));
        Time("meter_complete", (f, n) => meter.AddFrames(samples.AsSpan(f * channels, n * channels)));
        Console.WriteLine();
    }

    private static double ThreadCpuSeconds()
    {
        const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID (Linux)
        return Native.clock_gettime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds + t.Nanoseconds * 1e-9 : double.NaN;
    }

    private sealed class MemorySource(float[] samples, AudioFormat format) : IAudioSource
    {
        private int _offset;
        public AudioFormat Format => format;
        public long? LengthFrames => samples.Length / format.Channels;

        public int Read(Span<float> interleaved)
        {
            var count = Math.Min(interleaved.Length / format.Channels * format.Channels, samples.Length - _offset);
            samples.AsSpan(_offset, count).CopyTo(interleaved);
            _offset += count;
            return count / format.Channels;
        }

        public void Dispose() { }
    }

    /// <summary>libebur128 1.2.6 (Debian package libebur128-1), ebur128.h.</summary>
    private static unsafe class Native
    {
        private const string Library = "libebur128.so.1";
        public const int ModeM = 1 << 0;
        public const int ModeS = (1 << 1) | ModeM;
        public const int ModeI = (1 << 2) | ModeM;
        public const int ModeLra = (1 << 3) | ModeS;
        public const int ModeSamplePeak = (1 << 4) | ModeM;
        public const int ModeTruePeak = (1 << 5) | ModeM | ModeSamplePeak;

        [DllImport(Library)] public static extern IntPtr ebur128_init(uint channels, nuint samplerate, int mode);
        [DllImport(Library)] public static extern void ebur128_destroy(ref IntPtr state);
        [DllImport(Library)] public static extern int ebur128_add_frames_float(IntPtr state, float* src, nuint frames);
        [DllImport(Library)] public static extern int ebur128_loudness_global(IntPtr state, out double loudness);
        [DllImport(Library)] public static extern int ebur128_loudness_range(IntPtr state, out double range);
        [DllImport(Library)] public static extern int ebur128_true_peak(IntPtr state, uint channel, out double peak);

        [StructLayout(LayoutKind.Sequential)]
        public struct TimeSpec { public long Seconds; public long Nanoseconds; }

        [DllImport("libc", SetLastError = false)] public static extern int clock_gettime(int clockId, out TimeSpec time);
    }
}
