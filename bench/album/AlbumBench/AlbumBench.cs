// Re-sequencing an album (issue 20: "re-sequencing a rendered 10-track album re-assembles it in under 5 s on this
// machine"). Ten rendered masters of four minutes each (24-bit stereo WAV, made once per rate: a chord, a kick and
// seeded noise, so nothing is silent and no sample repeats) are assembled by AlbumRenderer, the engine's whole album
// pass, in a new order with new gaps, a segue and a crossfade each run:
//   programme  the 40-minute programme as a 24-bit WAV at the masters' rate,
//   + CD       the same and the CD programme (44.1 kHz, 16-bit, dithered once). Masters at 48 kHz are converted to
//              44.1 kHz once and kept by content hash (the album job's conversion cache): the first assembly
//              ("first, converts") pays for the conversion, the re-sequencings after it do not.
// Wall clock and process CPU time per run; the median and the spread (min-max) are printed.
//
// usage: dotnet AlbumBench.dll OUTDIR [RUNS] [RATE...]   (default 5 runs; rates 44100 48000)
using System.Diagnostics;
using System.Globalization;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;

var outDir = args[0];
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var rates = args.Length > 2 ? args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [44100, 48000];
const int Tracks = 10;
const double TrackSeconds = 240;
var tools = AudioTools.FromPath();
Directory.CreateDirectory(outDir);
Console.WriteLine($"album bench: {Tracks} masters of {TrackSeconds / 60:0} min, {runs} runs, {Environment.ProcessorCount} cores, commit {Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "?"}");

foreach (var rate in rates)
{
    var masters = Enumerable.Range(0, Tracks).Select(i => Master(Path.Combine(outDir, $"album-master-{rate}-{i + 1:00}.wav"), rate, TrackSeconds, i)).ToList();
    var cache = Path.Combine(outDir, "conversion-cache");
    if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
    foreach (var cd in new[] { false, true })
    {
        var wall = new List<double>();
        var cpu = new List<double>();
        // With a CD and masters to convert, one assembly first that fills the conversion cache, reported on its own.
        var first = cd && rate != 44100 ? -1 : 0;
        for (var run = first; run < runs; run++)
        {
            // A new running order and new gaps each run: what the engineer changes in the album view.
            var random = new Random(run + 1);
            var order = Enumerable.Range(0, Tracks).OrderBy(_ => random.Next()).ToList();
            var inputs = order.Select((m, i) => new AlbumInput(masters[m], new AlbumTrackPlan(0,
                PauseBeforeSeconds: i == 3 ? 0 : 1 + random.Next(0, 4), CrossfadeSeconds: i == 6 ? 4 : 0, FadeOutSeconds: i == Tracks - 1 ? 8 : 0),
                CacheKey: $"bench{rate}m{m}")).ToList();
            var request = new AlbumRenderRequest(inputs, Path.Combine(outDir, "album.wav"), cd ? Path.Combine(outDir, "album-cd.wav") : null,
                ConversionCache: cache);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = AlbumRenderer.Render(request, tools);
            var (w, c) = (clock.Elapsed.TotalSeconds, 0.0);
            process.Refresh();
            c = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            if (cd && result.RedBookProblems.Count > 0) throw new InvalidOperationException(string.Join(" ", result.RedBookProblems));
            if (run < 0)
            {
                Console.WriteLine($"{rate} Hz masters, programme + CD programme, first assembly (converts every master): {w:0.00} s wall, {c:0.00} s CPU");
                continue;
            }
            wall.Add(w);
            cpu.Add(c);
            Console.Error.WriteLine($"{rate} Hz{(cd ? " + CD" : "")}, run {run + 1}: {w:0.00} s wall, {c:0.00} s CPU, album {result.Timeline.LengthSeconds / 60:0.0} min");
        }
        Console.WriteLine($"{rate} Hz masters, {(cd ? "programme + CD programme" : "programme only")}: wall median {Median(wall):0.00} s ({wall.Min():0.00}-{wall.Max():0.00}), CPU median {Median(cpu):0.00} s ({cpu.Min():0.00}-{cpu.Max():0.00})");
    }
    foreach (var m in masters) File.Delete(m);
    if (Directory.Exists(cache)) Directory.Delete(cache, recursive: true);
}
File.Delete(Path.Combine(outDir, "album.wav"));
File.Delete(Path.Combine(outDir, "album-cd.wav"));

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Master(string path, int rate, double seconds, int seed)
{
    var random = new Random(seed);
    var frames = (long)(seconds * rate);
    using var writer = new WavWriter(path, PcmWriteFormat.Pcm24(rate, 2));
    var block = new float[8192 * 2];
    for (long start = 0; start < frames; start += 8192)
    {
        var n = (int)Math.Min(8192, frames - start);
        for (var i = 0; i < n; i++)
        {
            var t = (start + i) / (double)rate;
            var beat = t * 2 % 1; // a kick every half second
            var kick = beat < 0.1 ? Math.Sin(2 * Math.PI * 55 * t) * (1 - beat * 10) : 0;
            var chord = Math.Sin(2 * Math.PI * (110 + seed) * t) + Math.Sin(2 * Math.PI * 277 * t) + Math.Sin(2 * Math.PI * 415 * t);
            for (var c = 0; c < 2; c++)
                block[2 * i + c] = (float)(0.25 * kick + 0.08 * chord + 0.05 * (random.NextDouble() * 2 - 1));
        }
        writer.Write(block.AsSpan(0, n * 2));
    }
    writer.Complete();
    return path;
}
