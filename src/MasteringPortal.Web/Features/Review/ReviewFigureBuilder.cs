using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Web.Features.Charts;

namespace MasteringPortal.Web.Features.Review;

/// <summary>Turns a stored intake analysis into <see cref="ReviewFigures"/>: the numbers, the platforms' playback, and reduced curves.</summary>
public static class ReviewFigureBuilder
{
    /// <summary>Columns of the overview waveform: enough for a wide screen, small enough to push to every open page.</summary>
    public const int WaveformColumns = 1800;

    public static ReviewFigures From(IntakeAnalysis analysis)
    {
        var platforms = analysis.IntegratedLufs is { } lufs
            ? PlatformRule.All.Select(r => r.Apply(lufs, analysis.TruePeakDbtp)).ToList()
            : [];
        var curve = AnalysisSeries.ShortTermLoudness("", "", analysis);
        var spectrum = analysis.Spectrum;
        return new ReviewFigures(
            analysis.DurationSeconds,
            Round(analysis.IntegratedLufs, 1), Round(analysis.LoudnessRangeLu, 1), Round(analysis.TruePeakDbtp, 2),
            Round(analysis.PeakToLoudnessRatioDb, 1), Round(analysis.MaxShortTermLufs, 1),
            platforms,
            Overview(analysis.Waveforms),
            new ReviewCurve(curve.X.Select(x => Math.Round(x, 2)).ToArray(), curve.Y.Select(y => Round(y, 2)).ToArray()),
            new ReviewSpectrum(spectrum.CentresHz, spectrum.MidDb.Select(d => Round(d, 2)).ToArray()),
            analysis.MonoTimeline is { } mono
                ? new ReviewMono(mono.FrameSeconds, mono.BandEdgesHz, mono.LowCorrelation, mono.MidCorrelation, mono.HighCorrelation, mono.LossLu)
                : null);
    }

    /// <summary>
    /// The coarsest zoom level of the peaks merged to at most <see cref="WaveformColumns"/> columns, the channels folded
    /// into one (the lowest minimum and highest maximum of any channel), so a clip in either channel still shows.
    /// </summary>
    public static ReviewWaveform? Overview(IReadOnlyList<WaveformPeaks>? levels)
    {
        if (levels is null || levels.Count == 0) return null;
        var peaks = levels.MaxBy(l => l.SamplesPerPixel)!;
        if (peaks.Length <= 0 || peaks.Channels <= 0 || peaks.SampleRate <= 0) return null;
        var per = (int)Math.Ceiling(peaks.Length / (double)WaveformColumns);
        var columns = (peaks.Length + per - 1) / per;
        var min = new short[columns];
        var max = new short[columns];
        var stride = 2 * peaks.Channels;
        for (var c = 0; c < columns; c++)
        {
            short lo = short.MaxValue, hi = short.MinValue;
            var end = Math.Min(peaks.Length, (c + 1) * per);
            for (var pixel = c * per; pixel < end; pixel++)
            for (var ch = 0; ch < peaks.Channels; ch++)
            {
                var at = pixel * stride + 2 * ch;
                if (at + 1 >= peaks.Data.Length) break;
                lo = Math.Min(lo, peaks.Data[at]);
                hi = Math.Max(hi, peaks.Data[at + 1]);
            }
            (min[c], max[c]) = lo > hi ? ((short)0, (short)0) : (lo, hi);
        }
        var fullScale = 1 << (peaks.Bits - 1);
        return new ReviewWaveform((double)peaks.SamplesPerPixel * per / peaks.SampleRate, fullScale, min, max);
    }

    static double? Round(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;
}
