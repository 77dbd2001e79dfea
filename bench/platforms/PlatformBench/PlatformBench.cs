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
// each step is printed, with the platform checks' figures of the last run. Each step's CPU time is recorded too (this
// process's threads and the ffmpeg processes it ran and waited for, from /proc/self/stat), and from the medians the
// shortest time the revision and its platform copies could take on this machine's processors with every one of them
// busy throughout: (CPU of everything) / processors.
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
var cpu = steps.Keys.ToDictionary(k => k, _ => new List<double>());
IReadOnlyList<PlatformCopies.Made> last = [];

for (var run = 0; run < runs; run++)
{
    var folder = Path.Combine(outDir, $"platform-bench-{run}");
    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    Directory.CreateDirectory(folder);
    RenderResult result = null!;
    Timed("render", () => result = Renderer.Render(mix, settings, new RenderOutputs(folder, "master", Deliverables.Wav24), tools, null, default));
    var master = result.Files.Single(f => f.Kind == Deliverables.Wav24).Path;
    Timed("analysis", () =>
    {
        using var source = AudioFile.OpenRead(master, tools);
        IntakeAnalyzer.Analyze(source, new Progress<double>(), default, new IntakeAnalyzerOptions());
    });
    Timed("preview", () => PreviewEncoder.Encode(master, Path.Combine(folder, "preview.mp3"), new PreviewSettings(), tools));
    Timed("platforms", () => last = PlatformCopies.Make(master, PlatformCopies.For(TargetPlatforms.None), PlatformCopies.CeilingOf(settings),
        result.IntegratedLufs, result.TruePeakDbtp, new PreviewSettings(), Path.Combine(folder, "platforms"), tools, new Progress<double>(), default));
    Timed("inline", () =>
    {
        var preview = Task.Run(() => PreviewEncoder.Encode(master, Path.Combine(folder, "preview-again.mp3"), new PreviewSettings(), tools));
        PlatformCopies.Make(master, PlatformCopies.For(TargetPlatforms.None), PlatformCopies.CeilingOf(settings), result.IntegratedLufs,
            result.TruePeakDbtp, new PreviewSettings(), Path.Combine(folder, "platforms-inline"), tools, new Progress<double>(), default);
        preview.Wait();
    });
    Directory.Delete(folder, recursive: true);
    Console.Error.WriteLine($"run {run + 1}: " + string.Join(", ", steps.Select(s => $"{s.Key} {s.Value[^1]:0.00} s")));
}

// One step of a run: its wall-clock time and its CPU time, recorded under its name.
void Timed(string step, Action work)
{
    var clock = Stopwatch.StartNew();
    var used = CpuSeconds();
    work();
    steps[step].Add(clock.Elapsed.TotalSeconds);
    cpu[step].Add(CpuSeconds() - used);
}

// User + system time of this process and of the children it has waited for, from /proc/self/stat (fields 14-17, in
// clock ticks; 100 a second on Linux).
static double CpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return Enumerable.Range(11, 4).Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
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
foreach (var (name, values) in steps) Console.WriteLine($"{name,-10} median {Median(values):0.00} s, CPU {Median(cpu[name]):0.00} s");
var readyCpu = Median(cpu["render"]) + Median(cpu["analysis"]) + Median(cpu["preview"]);
var floor = (readyCpu + Median(cpu["platforms"])) / Environment.ProcessorCount;
Console.WriteLine($"CPU: the revision's steps {readyCpu:0.00} s, the platform check {Median(cpu["platforms"]):0.00} s; every processor busy " +
    $"throughout, the copies could be in {floor:0.00} s at the soonest ({floor / ready:0.00}x of the revision's time)");
Console.WriteLine($"revision Ready (render + analysis + preview, today's render): {ready:0.00} s");
Console.WriteLine($"platform copies in (Ready + platform check): {copiesIn:0.00} s, {copiesIn / ready:0.00}x");
Console.WriteLine($"the earlier inline job (render + analysis + preview beside the platforms): {inline:0.00} s, {inline / ready:0.00}x");
foreach (var made in last) Console.WriteLine("  " + made.Check.EngineerSummary);
