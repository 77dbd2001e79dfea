// The render job's audio work on the bench mix, and the platform check that follows it (issue 19: "render time with
// the platform files added stays within 1.5x of today's render"). Each run, timed by wall clock on this machine:
//   render    Renderer.Render with the bench settings (the 24-bit master at the mix's rate),
//   analysis  the master's intake analysis (waveform peaks, curves, checks), as the job runs it,
//   preview   the client's MP3 preview at the studio's default 128 kb/s,
//   platforms PlatformCopies.Make for Spotify, Apple Music and YouTube (the defaults: encode, decode, measure), as the
//             platform check job runs it once the revision is Ready,
//   inline    the preview encoded beside PlatformCopies.Make, as the render job ran them before the check became a job
//             of its own (kept for comparison).
// The revision is Ready after render + analysis + preview: the same steps as before the platform step existed ("today's
// render"). Its platform copies are in after render + analysis + preview + platforms. Runs are repeated; the median of
// each step is printed, with the platform checks' figures of the last run.
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
var steps = new Dictionary<string, List<double>> { ["render"] = [], ["analysis"] = [], ["preview"] = [], ["platforms"] = [], ["inline"] = [] };
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
    last = PlatformCopies.Make(master, PlatformCopies.For(TargetPlatforms.None), PlatformCopies.CeilingOf(settings), result.IntegratedLufs,
        result.TruePeakDbtp, new PreviewSettings(), Path.Combine(folder, "platforms"), tools, new Progress<double>(), default);
    steps["platforms"].Add(clock.Elapsed.TotalSeconds);

    clock.Restart();
    var preview = Task.Run(() => PreviewEncoder.Encode(master, Path.Combine(folder, "preview-again.mp3"), new PreviewSettings(), tools));
    PlatformCopies.Make(master, PlatformCopies.For(TargetPlatforms.None), PlatformCopies.CeilingOf(settings), result.IntegratedLufs,
        result.TruePeakDbtp, new PreviewSettings(), Path.Combine(folder, "platforms-inline"), tools, new Progress<double>(), default);
    preview.Wait();
    steps["inline"].Add(clock.Elapsed.TotalSeconds);
    Directory.Delete(folder, recursive: true);
    Console.Error.WriteLine($"run {run + 1}: " + string.Join(", ", steps.Select(s => $"{s.Key} {s.Value[^1]:0.00} s")));
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

var ready = Median(steps["render"]) + Median(steps["analysis"]) + Median(steps["preview"]);
var copiesIn = ready + Median(steps["platforms"]);
var inline = Median(steps["render"]) + Median(steps["analysis"]) + Median(steps["inline"]);
Console.WriteLine($"runs: {runs}, processors: {Environment.ProcessorCount}");
foreach (var (name, values) in steps) Console.WriteLine($"{name,-10} median {Median(values):0.00} s");
Console.WriteLine($"revision Ready (render + analysis + preview, today's render): {ready:0.00} s");
Console.WriteLine($"platform copies in (Ready + platform check): {copiesIn:0.00} s, {copiesIn / ready:0.00}x");
Console.WriteLine($"the earlier inline job (render + analysis + preview beside the platforms): {inline:0.00} s, {inline / ready:0.00}x");
foreach (var made in last) Console.WriteLine("  " + made.Check.EngineerSummary);
