using System.Globalization;
using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Web.Features.Intake;

/// <summary>
/// Measured levels as engineers write them: one decimal and the unit. A level that does not
/// exist (loudness below the BS.1770 gate, the peak of silence) is shown as a dash, never as a number.
/// </summary>
public static class Levels
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Lufs(double? value) => With(value, "LUFS");
    public static string Dbtp(double? value) => With(value, "dBTP");
    public static string Dbfs(double? value) => With(value, "dBFS");
    public static string Lu(double? value) => With(value, "LU");
    public static string Db(double? value) => With(value, "dB");

    /// <summary>"-1.3": one decimal (or as many as asked), never "-0.0" (a plain hyphen-minus, so a figure pastes into any tool).</summary>
    public static string Number(double value, int decimals = 1)
    {
        var rounded = Math.Round(value, decimals);
        if (rounded == 0) rounded = 0; // drops the sign of -0.0
        return rounded.ToString("0." + new string('0', decimals), Invariant);
    }

    /// <summary>True peak with two decimals, where a tenth decides (the codec check against -1 dBTP).</summary>
    public static string DbtpFine(double? value) => value is { } v && double.IsFinite(v) ? $"{Number(v, 2)} dBTP" : "–";

    static string With(double? value, string unit) => value is { } v && double.IsFinite(v) ? $"{Number(v)} {unit}" : "–";

    /// <summary>"44.1 kHz · 24-bit · stereo · 3:41".</summary>
    public static string Format(IntakeAnalysis a)
    {
        var parts = new List<string> { $"{a.SampleRateHz / 1000.0:0.###} kHz".Replace(',', '.') };
        if (a.BitDepth > 0) parts.Add(a.Encoding == "float" ? $"{a.BitDepth}-bit float" : $"{a.BitDepth}-bit");
        else parts.Add(a.Container);
        parts.Add(a.Channels switch { 1 => "mono", 2 => "stereo", var n => $"{n} ch" });
        parts.Add(Projects.TimeCode.Format(Math.Round(a.DurationSeconds)));
        return string.Join(" · ", parts);
    }
}
