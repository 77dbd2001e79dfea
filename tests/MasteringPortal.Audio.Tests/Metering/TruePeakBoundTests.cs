using System.Numerics;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Metering;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Metering;

public class TruePeakBoundTests(ITestOutputHelper output)
{
    /// <summary>A multiply and an add, two roundings: how the meter's kernel runs on a processor without FMA.</summary>
    private readonly struct Unfused : IVectorMultiplyAdd
    {
        public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> c) => a * b + c;
    }

    public static TheoryData<string> Materials => ["clipped noise", "square", "near-Nyquist bursts", "impulses", "full-scale alternation"];

    /// <summary>
    /// The meter skips whatever this bound puts below the peak so far, so it must never be below a reading: checked
    /// at every offset of material chosen to be hard on it (dense clipped noise, squares, abrupt bursts close to
    /// Nyquist, lone impulses, a full-scale Nyquist tone), with both roundings of the meter's multiply-adds.
    /// </summary>
    [Theory]
    [MemberData(nameof(Materials))]
    public void No_reading_exceeds_the_bound(string material)
    {
        var signal = Material(material);
        var meter = TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, TruePeakDetector.TapsPerPhase, TruePeakDetector.KaiserBeta);
        var meterBound = new TruePeakBound(meter);
        var meterVectors = TruePeakKernels.Broadcast(meter);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(signal);
        var pairs = new float[signal.Length];
        TruePeakBound.PairMagnitudes(signal, pairs);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(pairs);
        var worst = 0.0;
        for (var newest = TruePeakDetector.TapsPerPhase; newest + Vector<float>.Count + 1 < signal.Length; newest++)
        {
            var bound = meterBound.Upper(ref w0, ref p0, (nuint)newest);
            foreach (var reading in new[]
                     {
                         TruePeakKernels.Envelope<AlwaysFused>(ref w0, (nuint)newest, meterVectors),
                         TruePeakKernels.Envelope<Unfused>(ref w0, (nuint)newest, meterVectors),
                     })
            {
                Assert.True(Vector.LessThanOrEqualAll(reading, bound), $"{material}, newest input {newest}: reading {reading}, bound {bound}");
                for (var lane = 0; lane < Vector<float>.Count; lane++) if (bound[lane] > 0) worst = Math.Max(worst, reading[lane] / bound[lane]);
            }
        }
        output.WriteLine($"{material}: the reading comes within {20 * Math.Log10(worst):F3} dB of the bound");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(1072)]
    public void Pair_magnitudes_are_each_sample_and_the_one_before(int length)
    {
        var random = new Random(length);
        var work = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var pairs = new float[length];
        TruePeakBound.PairMagnitudes(work, pairs);
        for (var i = 1; i < length; i++) Assert.Equal(Math.Abs(work[i]) + Math.Abs(work[i - 1]), pairs[i]);
    }

    /// <summary>
    /// The point of the bound is to be close: summing the taps near the centre with their signs keeps its excess over
    /// the reading on ordinary material under 40 % of the excess of the bound by magnitudes alone (every tap's |h|
    /// times |x|, what the meter used before; measured: 0.64 against 2.25 of the reading with the far taps taken in pairs, 0.57
    /// with every tap on its own), so that a reader can skip
    /// most of a limited master.
    /// </summary>
    [Fact]
    public void On_music_like_material_the_bound_is_far_closer_than_magnitudes_alone()
    {
        var random = new Random(11);
        var signal = new float[20_000];
        double low = 0, mid = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            low = 0.995 * low + 0.02 * (random.NextDouble() - 0.5);
            mid = 0.6 * mid + 0.2 * (random.NextDouble() - 0.5);
            signal[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 0.004 * i) + 8 * low + mid);
        }
        var meter = TruePeakInterpolatorDesign.InterpolatingPhases(TruePeakDetector.OversamplingFactor, TruePeakDetector.TapsPerPhase, TruePeakDetector.KaiserBeta);
        var bound = new TruePeakBound(meter);
        var vectors = TruePeakKernels.Broadcast(meter);
        var magnitudes = Enumerable.Range(0, TruePeakDetector.TapsPerPhase).Select(k => meter.Max(p => Math.Abs(p[k])) * ParabolicPeak.Cap4x).ToArray();
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(signal);
        var pairs = new float[signal.Length];
        TruePeakBound.PairMagnitudes(signal, pairs);
        ref var p0 = ref MemoryMarshal.GetArrayDataReference(pairs);
        double tight = 0, loose = 0, readings = 0;
        for (var newest = TruePeakDetector.TapsPerPhase; newest + Vector<float>.Count + 1 < signal.Length; newest += Vector<float>.Count)
        {
            readings += Vector.Sum(TruePeakKernels.Envelope<AlwaysFused>(ref w0, (nuint)newest, vectors));
            tight += Vector.Sum(bound.Upper(ref w0, ref p0, (nuint)newest));
            for (var lane = 0; lane < Vector<float>.Count; lane++)
                loose += magnitudes.Select((g, k) => g * Math.Abs(signal[newest + lane - k])).Sum();
        }
        output.WriteLine($"mean bound / reading: {tight / readings:F3}; by magnitudes alone: {loose / readings:F3}");
        Assert.True(tight - readings < 0.4 * (loose - readings), $"bound / reading {tight / readings:F3}, by magnitudes {loose / readings:F3}");
        Assert.True(loose / readings > 2, $"the material is too easy to tell the bounds apart ({loose / readings:F3})");
    }

    private static float[] Material(string material)
    {
        var random = new Random(5);
        var x = new float[12_000];
        switch (material)
        {
            case "clipped noise":
                for (var i = 0; i < x.Length; i++) x[i] = (float)Math.Clamp(1.6 * (random.NextDouble() - 0.5) * 2, -0.95, 0.95);
                break;
            case "square":
                for (var i = 0; i < x.Length; i++) x[i] = i / 7 % 2 == 0 ? 0.9f : -0.9f;
                break;
            case "near-Nyquist bursts":
                for (var burst = 0; burst < 20; burst++)
                {
                    var at = 100 + burst * 580;
                    var f = 0.44 + 0.055 * random.NextDouble();
                    for (var i = 0; i < 200; i++) x[at + i] = (float)(0.9 * Math.Sin(2 * Math.PI * f * i + random.NextDouble()));
                }
                break;
            case "impulses":
                for (var i = 100; i < x.Length - 100; i += 97) x[i] = random.Next(2) == 0 ? 1f : -1f;
                break;
            case "full-scale alternation":
                for (var i = 0; i < x.Length; i++) x[i] = (i / 3000 % 2 == 0) == (i % 2 == 0) ? 1f : -1f;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(material));
        }
        return x;
    }
}
