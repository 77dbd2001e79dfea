using System.Globalization;
using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Cli;

/// <summary>The human-readable form of an <see cref="IntakeAnalysis"/>: aligned label/value lines, then the checks.</summary>
public static class AnalyzeReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int LabelWidth = 18;

    public static void Write(TextWriter w, string fileName, IntakeAnalysis a)
    {
        w.WriteLine(fileName);
        Line(w, "Format", FormatLine(a));
        Line(w, "Duration", Clock(a.DurationSeconds));
        Line(w, "Integrated", Level(a.IntegratedLufs, "LUFS"));
        Line(w, "Loudness range", Level(a.LoudnessRangeLu, "LU"));
        Line(w, "Max momentary", Level(a.MaxMomentaryLufs, "LUFS"));
        Line(w, "Max short-term", Level(a.MaxShortTermLufs, "LUFS"));
        Line(w, "True peak", Level(a.TruePeakDbtp, "dBTP"));
        Line(w, "Sample peak", Level(a.SamplePeakDbfs, "dBFS"));
        Line(w, "PLR", Level(a.PeakToLoudnessRatioDb, "dB"));
        if (a.Channels >= 2)
        {
            Line(w, "Correlation", a.StereoCorrelation is { } r ? r.ToString("+0.00;-0.00;0.00", Inv) : "-");
            Line(w, "Mono fold-down", a.MonoFoldDownLufs is { } m
                ? $"{Level(m, "LUFS")} (loses {Number(a.MonoFoldDownLossLu)} LU)"
                : a.IntegratedLufs is null ? "-" : "cancels out completely");
        }
        Line(w, "DC offset", string.Join(", ", a.DcOffsetDbfs.Select((d, c) => $"{ChannelLabel(c, a.Channels)}{Level(d, "dBFS")}")));
        Line(w, "Silence", a.Silence.EntirelySilent
            ? "the whole file"
            : $"{a.Silence.LeadingSeconds.ToString("0.00", Inv)} s before, {a.Silence.TrailingSeconds.ToString("0.00", Inv)} s after");
        Line(w, "Clipping", a.Clipping.EventCount == 0 ? "none" : $"{a.Clipping.EventCount} runs, {a.Clipping.ClippedSamples} samples");
        Line(w, "Lossy cut-off", a.LossyCutoff.CutoffHz is { } f ? $"{(f / 1000).ToString("0.00", Inv)} kHz" : "none");
        w.WriteLine();
        w.WriteLine("Checks");
        var idWidth = a.Checks.Max(c => c.Id.Length) + 2;
        foreach (var check in a.Checks)
        {
            var status = check.Status switch
            {
                CheckStatus.Pass => "pass",
                CheckStatus.Warning => "warning",
                _ => "PROBLEM",
            };
            w.WriteLine($"  {status,-9}{check.Id.PadRight(idWidth)}{check.Message}");
        }
    }

    private static void Line(TextWriter w, string label, string value) => w.WriteLine($"  {label.PadRight(LabelWidth)}{value}");

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", Inv) : "-";

    /// <summary>Right-aligns the number so that units line up; "-" for a level that does not exist (below the gate).</summary>
    private static string Level(double? value, string unit) => value is { } v ? $"{v.ToString("0.0", Inv),6} {unit}" : $"{"-",6} {unit}";

    private static string ChannelLabel(int channel, int channels) => channels switch
    {
        1 => "",
        2 => channel == 0 ? "L " : "R ",
        _ => $"{channel + 1}: ",
    };

    private static string Clock(double seconds)
    {
        var minutes = (int)(seconds / 60);
        return $"{minutes}:{(seconds - 60 * minutes).ToString("00.000", Inv)}";
    }

    private static string FormatLine(IntakeAnalysis a)
    {
        var channels = a.Channels switch { 1 => "mono", 2 => "stereo", 6 => "5.1", var n => $"{n} channels" };
        var depth = a.Encoding switch
        {
            "float" => $"{a.BitDepth}-bit float",
            "pcm" => $"{a.BitDepth}-bit PCM",
            _ => a.BitDepth > 0 ? $"{a.BitDepth}-bit (compressed)" : "compressed",
        };
        var used = a.EffectiveBitDepth is { } e && e < a.BitDepth ? $" ({e} bits used)" : "";
        return $"{a.Container.ToUpperInvariant()}, {depth}{used}, {(a.SampleRateHz / 1000.0).ToString("0.###", Inv)} kHz, {channels}";
    }
}
