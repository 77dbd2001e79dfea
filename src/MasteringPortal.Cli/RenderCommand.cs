using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MasteringPortal.Audio;
using MasteringPortal.Audio.Dsp.Limiting;
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

    public string Usage => "mastering render MIX -o OUT [--preset NAME] [--settings FILE.json] [--target-lufs X] [--ceiling-dbtp Y] [--sample-rate HZ] [--format wav24|wav16|mp3|aac] [--json] " + MatchArguments.Usage;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? mix = null, output = null, preset = null, settingsPath = null, format = "wav24";
        double? targetLufs = null, ceilingDbtp = null;
        int? sampleRateHz = null;
        var json = false;
        var matching = new MatchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new UsageException($"{arg} needs a value");
                return args[++i];
            }
            double Number()
            {
                var text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                    ? v : throw new UsageException($"{arg} needs a number, not '{text}'");
            }
            try
            {
                switch (arg)
                {
                    case "-o" or "--output": output = Value(); break;
                    case "--preset": preset = Value(); break;
                    case "--settings": settingsPath = Value(); break;
                    case "--target-lufs": targetLufs = Number(); break;
                    case "--ceiling-dbtp": ceilingDbtp = Number(); break;
                    case "--sample-rate": sampleRateHz = (int)Number(); break;
                    case "--format": format = Value(); break;
                    case "--json": json = true; break;
                    case "-h" or "--help":
                        stdout.WriteLine("usage: " + Usage);
                        return CliApp.Success;
                    default:
                        if (matching.TryTake(arg, Value, Number)) break;
                        if (arg.StartsWith('-') || mix is not null) throw new UsageException($"unexpected argument '{arg}'");
                        mix = arg;
                        break;
                }
            }
            catch (UsageException e)
            {
                return Refuse(stderr, $"{e.Message}; usage: {Usage}");
            }
            catch (ArgumentException e)
            {
                return Refuse(stderr, e.Message);
            }
        }
        if (mix is null) return Refuse(stderr, $"which mix? usage: {Usage}");
        if (output is null) return Refuse(stderr, $"where to? give -o OUT; usage: {Usage}");
        if (preset is not null && settingsPath is not null) return Refuse(stderr, "give --preset or --settings, not both");
        if (matching.Problem() is { } matchProblem) return Refuse(stderr, matchProblem);
        if (matching.Matching && targetLufs is not null && (matching.Aspects & MatchAspects.Loudness) != 0)
            return Refuse(stderr, "--target-lufs and matching the reference's loudness contradict each other: drop one, or use --match without loudness");
        Deliverables deliverable;
        switch (format)
        {
            case "wav24": deliverable = Deliverables.Wav24; break;
            case "wav16": deliverable = Deliverables.Wav16; break;
            case "mp3": deliverable = Deliverables.Mp3; break;
            case "aac": deliverable = Deliverables.Aac; break;
            default: return Refuse(stderr, $"--format must be wav24, wav16, mp3 or aac, not '{format}'");
        }

        RenderSettings settings;
        try
        {
            settings = settingsPath is not null ? RenderSettings.FromJson(File.ReadAllText(settingsPath))
                : preset is not null ? RenderPresets.Load(preset)
                : new RenderSettings();
        }
        catch (RenderSettingsException e)
        {
            return Refuse(stderr, e.Message);
        }
        catch (IOException e)
        {
            return Refuse(stderr, $"cannot read the settings file {settingsPath}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            return Refuse(stderr, $"cannot read the settings file {settingsPath}: permission denied");
        }
        if (targetLufs is { } t) settings = settings with { Loudness = new LoudnessTarget { CustomLufs = t } };
        if (ceilingDbtp is { } c)
            settings = settings with { Limiter = new ProcessorStage<TruePeakLimiterSettings> { Enabled = true, Settings = (settings.Limiter?.Settings ?? new TruePeakLimiterSettings()) with { CeilingDbtp = c } } };
        if (sampleRateHz is { } r) settings = settings with { Output = settings.Output with { SampleRateHz = r } };

        var fullOutput = Path.GetFullPath(output);
        var outputs = new RenderOutputs(Path.GetDirectoryName(fullOutput)!, Path.GetFileNameWithoutExtension(fullOutput), deliverable);
        RenderResult result;
        MatchResult? match = null;
        try
        {
            if (matching.Matching)
            {
                var options = matching.Options(settings);
                if (options.Validate() is { Count: > 0 } problems) return Refuse(stderr, string.Join(" ", problems));
                if (!File.Exists(mix)) return Refuse(stderr, $"{mix}: there is no such file");
                var matched = ReferenceMastering.RenderAsync(mix, matching.References, options, outputs, measureMaster: matching.ReportPath is not null)
                    .GetAwaiter().GetResult();
                (result, match) = (matched.Render, matched.Match);
            }
            else
            {
                result = Renderer.RenderAsync(mix, settings, outputs).GetAwaiter().GetResult();
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
        if (json)
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
                    matching.SettingsPath is null ? null : Path.GetFullPath(matching.SettingsPath)));
            stdout.WriteLine(JsonSerializer.Serialize(report, RenderJsonContext.Default.RenderJsonReport));
        }
        else
        {
            stdout.WriteLine($"{fullOutput}: {Fmt(result.IntegratedLufs)} LUFS integrated, {Fmt(result.TruePeakDbtp)} dBTP true peak, " +
                $"LRA {Fmt(result.LoudnessRangeLu)} LU, rendered in {result.RenderTime.TotalSeconds:0.0} s");
            if (match is not null) stdout.WriteLine(MatchSummary(match.Report));
        }
        return CliApp.Success;
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

    private static double? Round(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 2) : null;

    private static string Fmt(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private int Refuse(TextWriter stderr, string message)
    {
        stderr.WriteLine($"mastering {Name}: {CliApp.OneLine(message)}");
        return CliApp.UsageOrRefused;
    }

    private sealed class UsageException(string message) : Exception(message);
}

// The `--json` object of `mastering render`, with a compile-time contract so that the ahead-of-time-compiled CLI
// writes it too. Nulls are written: a null figure means "not measurable" (silence), not "missing".
internal sealed record RenderJsonReport(
    string Output, double? IntegratedLufs, double? TruePeakDbtp, double? LoudnessRangeLu, double? LoudnessGainDb,
    double RenderTimeSeconds, IReadOnlyList<string> Warnings, RenderJsonMatch? Match);

internal sealed record RenderJsonMatch(
    IReadOnlyList<RenderJsonReference> References, RenderJsonAmounts Amounts, double? TargetLufs,
    IReadOnlyList<string> Notes, string? Report, string? Settings);

internal sealed record RenderJsonReference(string? Name, double? Weight);

internal sealed record RenderJsonAmounts(double TonePercent, double LoudnessPercent, double WidthPercent, double DynamicsPercent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RenderJsonReport))]
internal sealed partial class RenderJsonContext : JsonSerializerContext;
