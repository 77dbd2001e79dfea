using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Intake;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>
/// How an alternate master (a line of the revision report's <c>alternates</c>) reads on the pages: the engineer's
/// workspace and the project page's delivery panel say the same thing in the same words.
/// </summary>
public static class AlternateMasterText
{
    /// <summary>"Instrumental", "A cappella", "Clean", "TV mix" from the report's code.</summary>
    public static string Title(RenderReportAlternate line) => AlternateKinds.TryParse(line.Kind, out var kind) ? AlternateKinds.Title(kind) : line.Kind;

    /// <summary>
    /// "-15.2 LUFS · true peak -1.3 dBTP · at the main master's gain, +4.1 dB" for a rendered one; for one uploaded from
    /// the engineer's desk, its figures and that it is the engineer's own; null while it is being measured or when it failed.
    /// </summary>
    public static string? Figures(RenderReportAlternate line)
    {
        if (line.Failure is not null || line.Pending) return null;
        var how = line.Uploaded ? "the engineer's own master, uploaded beside the main master" : $"at the main master's gain, {Gain(line.LoudnessGainDb)}";
        return $"{Levels.Lufs(line.IntegratedLufs)} · true peak {Levels.Dbtp(line.TruePeakDbtp)} · {how}";
    }

    /// <summary>"Main master minus this version: -21.0 LUFS, peak -9.5 dBFS." for an uploaded one; null for a rendered one.</summary>
    public static string? Difference(RenderReportAlternate line) => line.Alignment is { } a
        ? $"Main master minus this version: {Levels.Lufs(a.DifferenceLufs)}, peak {(a.DifferencePeakDbfs is null ? "silence" : Levels.Dbfs(a.DifferencePeakDbfs))}."
        : null;

    static string Gain(double db) => (db > 0 ? "+" : "") + Levels.Db(db);
}
