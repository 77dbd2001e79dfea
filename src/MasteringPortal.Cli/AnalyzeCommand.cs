using MasteringPortal.Audio;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;

namespace MasteringPortal.Cli;

/// <summary>
/// `mastering analyze FILE [--json] [--waveform]`: the intake checklist of one mix. A readable report by
/// default; --json prints one JSON object (schema: docs/ANALYZE-JSON.md); --waveform also computes the
/// waveform peaks and includes them in the JSON.
/// </summary>
public sealed class AnalyzeCommand : ICliCommand
{
    public string Name => "analyze";

    public string Usage => "mastering analyze FILE [--json] [--waveform]";

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? path = null;
        bool json = false, waveform = false;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--json": json = true; break;
                case "--waveform": waveform = true; break;
                case "-h" or "--help":
                    stdout.WriteLine("usage: " + Usage);
                    return CliApp.Success;
                default:
                    if (arg.StartsWith('-') || path is not null)
                    {
                        stderr.WriteLine($"mastering analyze: unexpected argument '{arg}'; usage: {Usage}");
                        return CliApp.UsageOrRefused;
                    }
                    path = arg;
                    break;
            }
        }
        if (path is null)
        {
            stderr.WriteLine($"mastering analyze: which file? usage: {Usage}");
            return CliApp.UsageOrRefused;
        }

        IntakeAnalysis analysis;
        try
        {
            using var source = AudioFile.OpenRead(path, AudioTools.FromPath());
            var options = new IntakeAnalyzerOptions(WaveformSamplesPerPixel: waveform ? null : []);
            analysis = IntakeAnalyzer.Analyze(source, options: options);
        }
        catch (AudioFileException e)
        {
            stderr.WriteLine($"{Path.GetFileName(path)}: {CliApp.OneLine(e.Message)}");
            return CliApp.UsageOrRefused;
        }

        if (json)
        {
            AnalyzeJson.Write(stdout, Path.GetFileName(path), analysis);
        }
        else
        {
            AnalyzeReport.Write(stdout, Path.GetFileName(path), analysis);
        }
        return CliApp.Success;
    }
}
