using System.Globalization;
using System.Text.Json;
using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Cli;

/// <summary>
/// `mastering render MIX -o OUT ...`: renders a mix with a preset or a settings document, with the target,
/// ceiling, rate and format overridable on the command line. OUT is the output file; its name (without
/// extension) is the base name of every deliverable. With `--reference` the mix is matched to one or more
/// reference tracks first (<see cref="MatchArguments"/>, docs/REFERENCE-MATCHING.md): the match is written into
/// the settings document (the preset's or the file's, or the defaults) and rendered like any other.
/// Exit 2 with one line for a refused file or setting.
/// </summary>
public sealed class RenderCommand : ICliCommand
{
    public string Name => "render";

    public string Usage => RenderArguments.Usage;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        RenderRequest? request;
        try
        {
            request = RenderArguments.Parse(args);
        }
        catch (RenderRefusal e)
        {
            return Refuse(stderr, e.Message);
        }
        if (request is null)
        {
            stdout.WriteLine("usage: " + Usage);
            return CliApp.Success;
        }
        // The command line has no setting for ffmpeg: it uses whatever PATH holds, resolved once per run.
        return Render(request, AudioTools.FromPath(), stdout, stderr);
    }

    /// <summary>Renders (matching first when asked), names the file as asked and prints the outcome.</summary>
    private int Render(RenderRequest request, AudioTools tools, TextWriter stdout, TextWriter stderr)
    {
        var (mix, matching) = (request.Mix, request.Matching);
        var fullOutput = Path.GetFullPath(request.Output);
        var outputs = new RenderOutputs(Path.GetDirectoryName(fullOutput)!, Path.GetFileNameWithoutExtension(fullOutput), request.Deliverable);
        RenderResult result;
        MatchResult? match = null;
        try
        {
            if (matching.Matching)
            {
                var options = matching.Options(request.Settings);
                if (options.Validate() is { Count: > 0 } problems) return Refuse(stderr, string.Join(" ", problems));
                if (!File.Exists(mix)) return Refuse(stderr, $"{mix}: there is no such file");
                var matched = ReferenceMastering.Render(mix, matching.References, options, outputs, tools, measureMaster: matching.ReportPath is not null);
                (result, match) = (matched.Render, matched.Match);
            }
            else
            {
                result = Renderer.Render(mix, request.Settings, outputs, tools);
            }
        }
        catch (MatchException e)
        {
            return Refuse(stderr, e.Message);
        }
        catch (AudioFileException e)
        {
            return Refuse(stderr, $"{Path.GetFileName(mix)}: {e.Message}");
        }
        catch (RenderSettingsException e)
        {
            return Refuse(stderr, e.Message);
        }
        catch (FileNotFoundException)
        {
            return Refuse(stderr, $"{mix}: there is no such file");
        }

        // The deliverable's own name is the one asked for on the command line.
        var written = result.Files[0].Path;
        if (!string.Equals(written, fullOutput, StringComparison.Ordinal))
        {
            File.Move(written, fullOutput, overwrite: true);
        }
        foreach (var w in result.Warnings) stderr.WriteLine("warning: " + CliApp.OneLine(w));
        if (match is not null)
        {
            foreach (var note in match.Report.Notes) stderr.WriteLine("note: " + CliApp.OneLine(note));
            if (WriteMatchFiles(match, matching, stderr) is { } failed) return failed;
        }
        if (request.Json) stdout.WriteLine(JsonReport(fullOutput, result, match, matching));
        else
        {
            stdout.WriteLine($"{fullOutput}: {Fmt(result.IntegratedLufs)} LUFS integrated, {Fmt(result.TruePeakDbtp)} dBTP true peak, " +
                $"LRA {Fmt(result.LoudnessRangeLu)} LU, rendered in {result.RenderTime.TotalSeconds:0.0} s");
            if (match is not null) stdout.WriteLine(MatchSummary(match.Report));
        }
        return CliApp.Success;
    }

    /// <summary>The `--json` line.</summary>
    private static string JsonReport(string fullOutput, RenderResult result, MatchResult? match, MatchArguments matching)
    {
        var report = new RenderJsonReport(
            fullOutput,
            Round(result.IntegratedLufs),
            Round(result.TruePeakDbtp),
            Round(result.LoudnessRangeLu),
            Round(result.LoudnessGainDb),
            Math.Round(result.RenderTime.TotalSeconds, 3),
            result.Warnings,
            match is null ? null : new RenderJsonMatch(
                match.Report.References.Select(r => new RenderJsonReference(r.Name, r.Weight)).ToArray(),
                new RenderJsonAmounts(
                    match.Report.Amounts.TonePercent,
                    match.Report.Amounts.LoudnessPercent,
                    match.Report.Amounts.WidthPercent,
                    match.Report.Amounts.DynamicsPercent),
                match.Report.TargetLufs,
                match.Report.Notes,
                matching.ReportPath is null ? null : Path.GetFullPath(matching.ReportPath),
                matching.SettingsPath is null ? null : Path.GetFullPath(matching.SettingsPath)),
            result.Distortion is not { } d ? null : new RenderJsonDistortion(
                Round1(d.AddedThdPlusNoiseDb), Round1(d.LoudPassageGainReductionDb), Math.Round(d.LimiterMaxGainReductionDb, 1), d.ClipperUsed,
                Math.Round(d.ClipperMaxOverDb, 1), Round1(d.CrestFactorBeforeDb), Round1(d.CrestFactorAfterDb), Round1(d.CrestFactorLostDb)));
        return JsonSerializer.Serialize(report, RenderJsonContext.Default.RenderJsonReport);
    }

    /// <summary>One line: what was matched to what, and how far.</summary>
    private static string MatchSummary(MatchReport report)
    {
        var refs = string.Join(", ", report.References.Select(r => report.References.Count > 1 ? $"{r.Name} (weight {r.Weight:0.##})" : r.Name));
        var a = report.Amounts;
        var target = report.TargetLufs is { } t ? $" (target {t.ToString("0.0", CultureInfo.InvariantCulture)} LUFS)" : "";
        return $"matched to {refs}: tone {a.TonePercent:0} %, loudness {a.LoudnessPercent:0} %{target}, width {a.WidthPercent:0} %, dynamics {a.DynamicsPercent:0} %";
    }

    /// <summary>Writes the match report and the settings document if asked; an exit code when a file cannot be written.</summary>
    private int? WriteMatchFiles(MatchResult match, MatchArguments matching, TextWriter stderr)
    {
        foreach (var (path, text) in new[] { (matching.ReportPath, match.Report.ToJson()), (matching.SettingsPath, match.Settings.ToJson()) })
        {
            if (path is null) continue;
            try
            {
                File.WriteAllText(path, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Refuse(stderr, $"cannot write {path}: {e.Message}");
            }
        }
        return null;
    }

    private static double? Round1(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 1) : null;

    private static double? Round(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 2) : null;

    private static string Fmt(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private int Refuse(TextWriter stderr, string message)
    {
        stderr.WriteLine($"mastering {Name}: {CliApp.OneLine(message)}");
        return CliApp.UsageOrRefused;
    }
}
