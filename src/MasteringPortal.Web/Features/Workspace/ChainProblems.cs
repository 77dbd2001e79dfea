using MasteringPortal.Audio.Render;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>
/// The validator's problems and warnings for one settings document, each filed under the editor section it
/// concerns. The validator returns plain lines that start with the setting's name ("Compressor: …",
/// "The limiter ceiling …"), so a line is filed by that start; a line no section claims stays in the list at the
/// top of the editor, which always shows every problem, so nothing the validator says is ever hidden.
/// </summary>
public sealed class ChainProblems
{
    public const string General = "general";

    static readonly (string Start, string Section)[] Sections =
    [
        ("Input gain", "inputgain"),
        ("High-pass", "highpass"),
        ("Low-pass", "lowpass"),
        ("Mid/side EQ", "eq"),
        ("EQ", "eq"),
        ("Multiband compressor", "multiband"),
        ("Compressor", "compressor"),
        ("Saturation", "saturation"),
        ("Clipper", "clipper"),
        ("The clipper", "clipper"),
        ("Stereo imager", "imager"),
        ("The stereo imager", "imager"),
        ("Loudness target", "loudness"),
        ("A loud master", "loudness"),
        ("A loudness target", "loudness"),
        ("Limiter", "limiter"),
        ("The limiter", "limiter"),
        ("The sustained release", "limiter"),
        ("The detector margin", "limiter"),
        ("Output", "output"),
    ];

    public IReadOnlyList<string> Problems { get; }
    public IReadOnlyList<string> Warnings { get; }

    public bool IsValid => Problems.Count == 0;

    ChainProblems(IReadOnlyList<string> problems, IReadOnlyList<string> warnings)
    {
        Problems = problems;
        Warnings = warnings;
    }

    /// <summary>Checks <paramref name="settings"/> at the mix's rate and channel count (the validator's strict defaults when unknown).</summary>
    public static ChainProblems Check(RenderSettings settings, int? mixSampleRateHz, int? mixChannels) =>
        new(RenderSettingsValidator.Validate(settings, ChainRanges.RateHz(mixSampleRateHz), mixChannels ?? 2),
            RenderSettingsValidator.Warnings(settings));

    public IReadOnlyList<string> ProblemsFor(string section) => Problems.Where(p => SectionOf(p) == section).ToArray();

    public IReadOnlyList<string> WarningsFor(string section) => Warnings.Where(w => SectionOf(w) == section).ToArray();

    /// <summary>The section a line concerns, or <see cref="General"/>.</summary>
    public static string SectionOf(string line)
    {
        foreach (var (start, section) in Sections)
            if (line.StartsWith(start, StringComparison.Ordinal)) return section;
        return General;
    }
}
