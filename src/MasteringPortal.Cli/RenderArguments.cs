using System.Globalization;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Cli;

/// <summary>What `mastering render` was asked to do: the settings document loaded and overridden from the command line.</summary>
internal sealed record RenderRequest(string Mix, string Output, RenderSettings Settings, Deliverables Deliverable, bool Json,
    MatchArguments Matching);

/// <summary>A command line that cannot be run, with the one line that says why (exit 2).</summary>
internal sealed class RenderRefusal(string message) : Exception(message);

/// <summary>
/// Parses and checks `mastering render`'s arguments and loads the settings it names, so that running the render
/// never has to second-guess its input. Refusals are <see cref="RenderRefusal"/>s, in the order a reader meets them.
/// </summary>
internal static class RenderArguments
{
    public const string Usage = "mastering render MIX -o OUT [--preset NAME] [--settings FILE.json] [--target-lufs X] [--ceiling-dbtp Y] [--clipper auto|off|DB] [--sample-rate HZ] [--format wav24|wav16|mp3|aac|flac] [--json] " + MatchArguments.Usage;

    /// <summary>The request, or null when the usage was asked for (-h, --help).</summary>
    public static RenderRequest? Parse(IReadOnlyList<string> args)
    {
        string? mix = null, output = null, preset = null, settingsPath = null, format = "wav24", clipper = null;
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
                    case "--clipper": clipper = Value(); break;
                    case "--sample-rate": sampleRateHz = (int)Number(); break;
                    case "--format": format = Value(); break;
                    case "--json": json = true; break;
                    case "-h" or "--help": return null;
                    default:
                        if (matching.TryTake(arg, Value, Number)) break;
                        if (arg.StartsWith('-') || mix is not null) throw new UsageException($"unexpected argument '{arg}'");
                        mix = arg;
                        break;
                }
            }
            catch (UsageException e)
            {
                throw new RenderRefusal($"{e.Message}; usage: {Usage}");
            }
            catch (ArgumentException e)
            {
                throw new RenderRefusal(e.Message);
            }
        }

        if (mix is null) throw new RenderRefusal($"which mix? usage: {Usage}");
        if (output is null) throw new RenderRefusal($"where to? give -o OUT; usage: {Usage}");
        if (preset is not null && settingsPath is not null) throw new RenderRefusal("give --preset or --settings, not both");
        if (matching.Problem() is { } matchProblem) throw new RenderRefusal(matchProblem);
        if (matching.Matching && targetLufs is not null && (matching.Aspects & MatchAspects.Loudness) != 0)
            throw new RenderRefusal("--target-lufs and matching the reference's loudness contradict each other: drop one, or use --match without loudness");
        var deliverable = format switch
        {
            "wav24" => Deliverables.Wav24,
            "wav16" => Deliverables.Wav16,
            "mp3" => Deliverables.Mp3,
            "aac" => Deliverables.Aac,
            "flac" => Deliverables.Flac,
            _ => throw new RenderRefusal($"--format must be wav24, wav16, mp3, aac or flac, not '{format}'"),
        };

        var settings = LoadSettings(preset, settingsPath);
        if (targetLufs is { } t) settings = settings with { Loudness = new LoudnessTarget { CustomLufs = t } };
        if (ceilingDbtp is { } c)
            settings = settings with { Limiter = new ProcessorStage<TruePeakLimiterSettings> { Enabled = true, Settings = (settings.Limiter?.Settings ?? new TruePeakLimiterSettings()) with { CeilingDbtp = c } } };
        if (clipper is not null) settings = settings with { Clipper = ClipperStage(clipper, settings.Clipper?.Settings) };
        if (sampleRateHz is { } r) settings = settings with { Output = settings.Output with { SampleRateHz = r } };
        return new RenderRequest(mix, output, settings, deliverable, json, matching);
    }

    /// <summary>`--clipper auto` (the limiter's share decides), `off`, or a clip level in dB from the ceiling (manual).</summary>
    private static ProcessorStage<ClipperSettings> ClipperStage(string value, ClipperSettings? current)
    {
        var settings = current ?? new ClipperSettings();
        if (value == "off") return new ProcessorStage<ClipperSettings> { Enabled = false, Settings = settings };
        if (value == "auto") return new ProcessorStage<ClipperSettings> { Enabled = true, Settings = settings with { Mode = ClipperMode.Auto } };
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db) && double.IsFinite(db))
            return new ProcessorStage<ClipperSettings> { Enabled = true, Settings = settings with { Mode = ClipperMode.Manual, ThresholdDb = db } };
        throw new RenderRefusal($"--clipper must be auto, off or a clip level in dB from the ceiling (e.g. 2), not '{value}'");
    }

    /// <summary>The settings document: a file, a preset, or the defaults.</summary>
    private static RenderSettings LoadSettings(string? preset, string? settingsPath)
    {
        try
        {
            return settingsPath is not null ? RenderSettings.FromJson(File.ReadAllText(settingsPath))
                : preset is not null ? RenderPresets.Load(preset)
                : new RenderSettings();
        }
        catch (RenderSettingsException e)
        {
            throw new RenderRefusal(e.Message);
        }
        catch (IOException e)
        {
            throw new RenderRefusal($"cannot read the settings file {settingsPath}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new RenderRefusal($"cannot read the settings file {settingsPath}: permission denied");
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
