// The render job's audio work on the bench mix, with and without the platform step (issue 19: "render time with the
// platform files added stays within 1.5x of today's render"). Each run, timed by wall clock on this machine:
//   render   Renderer.Render with the bench settings (the 24-bit master at the mix's rate),
//   analysis the master's intake analysis (waveform peaks, curves, checks), as the job runs it,
//   preview  the client's MP3 preview at the studio's default 128 kb/s,
//   preview+platforms  the preview encoded beside PlatformCopies.Make for Spotify, Apple Music and YouTube (the
//            defaults: encode, decode, measure), as the render job now runs them.
// "Today's render" (the job before the platform step) is render + analysis + preview; with the platform step it is
// render + analysis + (preview beside the platforms). Runs are repeated; the median of each step is printed, with the
// platform checks' figures of the last run.
//
// usage: dotnet PlatformBench.dll MIX.wav SETTINGS.json OUTDIR [RUNS]
using System.Diagnostics;
using System.Globalization;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;

var (mix, settingsPath, outDir) = (args[0], args[1], args[2]);
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var tools = AudioTools.FromPath();
var settings = RenderSettings.FromJson(File.ReadAllText(settingsPath));
var steps = new Dictionary<string, List<double>> { ["render"] = [], ["analysis"] = [], ["preview"] = [], ["preview+platforms"] = [] };
IReadOnlyList<PlatformCopies.Made> last = [];

for (var run = 0; run < runs; run++)
{
    var folder = Path.Combine(outDir, $"platform-bench-{run}");
    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    Directory.CreateDirectory(folder);
    var clock = Stopwatch.StartNew();
    var result = Renderer.Render(mix, settings, new RenderOutputs(folder, "master", Deliverables.Wav24), tools, null, default);
    steps["render"].Add(clock.Elapsed.TotalSeconds);
    var master = result.Files.Single(f => f.Kind == Deliverables.Wav24).Path;

    clock.Restart();
    using (var source = AudioFile.OpenRead(master, tools))
        IntakeAnalyzer.Analyze(source, new Progress<double>(), default, new IntakeAnalyzerOptions());
    steps["analysis"].Add(clock.Elapsed.TotalSeconds);

    clock.Restart();
    PreviewEncoder.Encode(master, Path.Combine(folder, "preview.mp3"), new PreviewSettings(), tools);
    steps["preview"].Add(clock.Elapsed.TotalSeconds);

    clock.Restart();
    var preview = Task.Run(() => PreviewEncoder.Encode(master, Path.Combine(folder, "preview-again.mp3"), new PreviewSettings(), tools));
    last = PlatformCopies.Make(master, PlatformCopies.For(TargetPlatforms.None), PlatformCopies.CeilingOf(settings), result.IntegratedLufs,
        result.TruePeakDbtp, new PreviewSettings(), Path.Combine(folder, "platforms"), tools, new Progress<double>(), default);
    preview.Wait();
    steps["preview+platforms"].Add(clock.Elapsed.TotalSeconds);
    Directory.Delete(folder, recursive: true);
    Console.Error.WriteLine($"run {run + 1}: " + string.Join(", ", steps.Select(s => $"{s.Key} {s.Value[^1]:0.00} s")));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

var today = Median(steps["render"]) + Median(steps["analysis"]) + Median(steps["preview"]);
var withPlatforms = Median(steps["render"]) + Median(steps["analysis"]) + Median(steps["preview+platforms"]);
Console.WriteLine($"runs: {runs}, processors: {Environment.ProcessorCount}");
foreach (var (name, values) in steps) Console.WriteLine($"{name,-18} median {Median(values):0.00} s");
Console.WriteLine($"today's render (render + analysis + preview): {today:0.00} s; with the platform step: {withPlatforms:0.00} s; ratio {withPlatforms / today:0.00}x");
foreach (var made in last) Console.WriteLine("  " + made.Check.EngineerSummary);
