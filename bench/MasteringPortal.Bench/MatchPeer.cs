using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.Matching;

namespace MasteringPortal.Bench;

/// <summary>
/// Reference matching against Matchering on the test set of tests/…/Matching/MatchPairs.cs (linked into this
/// project, so the files are the ones the test makes), run by bench/match/peer.sh:
/// <list type="bullet">
/// <item><c>match-pairs DIR</c>: writes each pair's mix and reference (32-bit float WAV at their own rates).</item>
/// <item><c>match-score DIR JSON [VARIANT…]</c>: measures every pair (the tonal distance of
/// <see cref="TonalDistance"/>, loudness, true peak by our meter) unprocessed, as Matchering left it
/// (DIR/NAME-matchering.wav, when there) and as our matcher renders it at the default amount; a VARIANT changes
/// one choice of ours to show where the distance comes from (see <see cref="RenderOurs"/>).
/// Writes the figures to JSON and prints a table.</item>
/// <item><c>match-score-folder DIR JSON [VARIANT…]</c>: the same for every DIR/NAME-mix.wav beside a
/// DIR/NAME-reference.wav, at the default limits (the real-music pairs of bench/match/real.sh).</item>
/// </list>
/// </summary>
internal static class MatchPeer
{
    [ModuleInitializer]
    internal static void RunIfRequested()
    {
        var args = Environment.GetCommandLineArgs();
        if (args.Length < 3) return;
        switch (args[1])
        {
            case "match-pairs": Environment.Exit(WritePairs(args[2]));
                break;
            case "match-score": Environment.Exit(Score(args[2], args[3], args.Skip(4).DefaultIfEmpty("default").ToArray(),
                    MatchPairs.All.Select(p => new ScoredPair(p.Name, p.ToneLimitDb)).ToList()));
                break;
            case "match-score-folder": Environment.Exit(Score(args[2], args[3], args.Skip(4).DefaultIfEmpty("default").ToArray(),
                    PairsIn(args[2])));
                break;
        }
    }

    private static int WritePairs(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var pair in MatchPairs.All)
        {
            pair.WriteMix(folder);
            pair.WriteReference(folder);
            Console.WriteLine($"{pair.Name}\t{pair.MixRateHz}\t{pair.ReferenceRateHz}");
        }
        return 0;
    }

    /// <summary>A pair to score: its name (the files are NAME-mix.wav and NAME-reference.wav) and its tone limit, if opened.</summary>
    private sealed record ScoredPair(string Name, double? ToneLimitDb);

    /// <summary>
    /// The pairs in <paramref name="folder"/>, at the default tone limit unless MATCH_TONE_LIMITS names the pair
    /// ("NAME=18,OTHER=24": the limit an engineer opens for it).
    /// </summary>
    private static List<ScoredPair> PairsIn(string folder)
    {
        var limits = (Environment.GetEnvironmentVariable("MATCH_TONE_LIMITS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('='))
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        return Directory.GetFiles(folder, "*-mix.wav").Select(f => Path.GetFileName(f)[..^"-mix.wav".Length])
            .Where(name => File.Exists(Path.Combine(folder, $"{name}-reference.wav"))).Order(StringComparer.Ordinal)
            .Select(name => new ScoredPair(name, limits.TryGetValue(name, out var limit) ? limit : null)).ToList();
    }

    private static int Score(string folder, string jsonPath, string[] variants, IReadOnlyList<ScoredPair> scored)
    {
        var tools = AudioTools.FromPath();
        var pairs = new JsonArray();
        Console.WriteLine("pair | unprocessed | Matchering (LUFS, dBTP) | " + string.Join(" | ", variants.Select(v => $"ours {v} (LUFS, dBTP)")) + " | reference LUFS");
        foreach (var pair in scored)
        {
            var mixPath = Path.Combine(folder, $"{pair.Name}-mix.wav");
            var refPath = Path.Combine(folder, $"{pair.Name}-reference.wav");
            var mix = TonalDistance.MeasureFile(mixPath, tools);
            var reference = TonalDistance.MeasureFile(refPath, tools);
            var entry = new JsonObject
            {
                ["name"] = pair.Name,
                ["mixRateHz"] = mix.SampleRateHz,
                ["referenceRateHz"] = reference.SampleRateHz,
                ["maxBoostDb"] = pair.ToneLimitDb ?? MatchOptions.DefaultMaxBoostDb,
                ["maxCutDb"] = pair.ToneLimitDb ?? MatchOptions.DefaultMaxCutDb,
                ["mixLufs"] = Round(mix.IntegratedLufs!.Value),
                ["referenceLufs"] = Round(reference.IntegratedLufs!.Value),
                ["referenceTruePeakDbtp"] = Round(reference.TruePeakDbtp),
                ["unprocessedDb"] = Round(TonalDistance.MeanAbsoluteDifferenceDb(mix.MidDb, reference.MidDb)),
            };
            var line = $"{pair.Name} | {entry["unprocessedDb"]}";
            var matcheringPath = Path.Combine(folder, $"{pair.Name}-matchering.wav");
            if (File.Exists(matcheringPath))
            {
                var m = TonalDistance.MeasureFile(matcheringPath, tools);
                entry["matchering"] = Figures(m, reference);
                if (Environment.GetEnvironmentVariable("MATCH_BANDS") is not null)
                    Console.WriteLine("  matchering bands: " + string.Join(" ", TonalDistance.AlignedDifferencesDb(m.MidDb, reference.MidDb).Select(d => d.ToString("+0.0;-0.0", CultureInfo.InvariantCulture))));
                line += $" | {Describe(m, reference)}";
            }
            else line += " | -";
            var ours = new JsonObject();
            foreach (var variant in variants)
            {
                var master = RenderOurs(mixPath, refPath, folder, pair, variant, tools);
                ours[variant] = Figures(master, reference);
                if (Environment.GetEnvironmentVariable("MATCH_BANDS") is not null)
                    Console.WriteLine($"  {variant} bands: " + string.Join(" ", TonalDistance.AlignedDifferencesDb(master.MidDb, reference.MidDb).Select(d => d.ToString("+0.0;-0.0", CultureInfo.InvariantCulture))));
                line += $" | {Describe(master, reference)}";
            }
            entry["ours"] = ours;
            pairs.Add(entry);
            Console.WriteLine(line + $" | {entry["referenceLufs"]}");
        }
        var document = new JsonObject
        {
            ["measure"] = $"mean absolute difference of long-term 1/3-octave mid spectra, {TonalDistance.LowestHz}-{TonalDistance.HighestHz} Hz, level-aligned (dB)",
            ["pairs"] = pairs,
        };
        File.WriteAllText(jsonPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return 0;
    }

    /// <summary>
    /// "default" is the product's path (<see cref="ReferenceMastering.Render"/>, default options). Otherwise the variant
    /// is one or more choices joined by '+': limit6 / limit18 / limit24 (tone boost and cut), cut18 / cut24 (cut only),
    /// width12, nosmooth, noloudness, nowidth, gate60 (loud-section gate opened to 60 LU: nearly the whole file) and norefine (no trial
    /// render), through the same match and render as the product's.
    /// </summary>
    private static TonalMeasurement RenderOurs(string mixPath, string refPath, string folder, ScoredPair pair, string variant, AudioTools tools)
    {
        var name = pair.Name;
        var outputs = new RenderOutputs(folder, $"{name}-ours-{variant.Replace('+', '-')}");
        // The pair's own limit when the engineer opens it (the pair says why), else the defaults.
        var options = pair.ToneLimitDb is { } limit ? new MatchOptions { MaxBoostDb = limit, MaxCutDb = limit } : new MatchOptions();
        if (variant == "default")
            return TonalDistance.MeasureFile(ReferenceMastering.Render(mixPath, [new ReferenceFile(refPath)], options, outputs, tools, measureMaster: false).Render.Files[0].Path, tools);
        var gateLu = LoudSectionSpectrum.DefaultGateLu;
        var refine = true;
        foreach (var choice in variant.Split('+'))
        {
            options = choice switch
            {
                "limit6" => options with { MaxBoostDb = 6, MaxCutDb = 6 },
                "limit18" => options with { MaxBoostDb = 18, MaxCutDb = 18 },
                "limit24" => options with { MaxBoostDb = 24, MaxCutDb = 24 },
                "cut18" => options with { MaxCutDb = 18 },
                "cut24" => options with { MaxCutDb = 24 },
                "width12" => options with { MaxWidthChangeDb = 12 },
                "nosmooth" => options with { SmoothingOctaves = 0 },
                "noloudness" => options with { Aspects = options.Aspects & ~MatchAspects.Loudness },
                "nowidth" => options with { Aspects = options.Aspects & ~MatchAspects.Width },
                "gate60" or "norefine" => options,
                _ => throw new ArgumentException($"unknown variant {choice}"),
            };
            if (choice == "gate60") gateLu = 60;
            if (choice == "norefine") refine = false;
        }
        // The product's path with the variant's options (the clipper for a loud reference included), so each column
        // differs from "default" by its one choice.
        var match = ReferenceMastering.Match(mixPath, [new ReferenceFile(refPath)], options with { RefineOnTrialRender = refine }, tools,
            new ReferenceAnalyzerOptions(GateLu: gateLu, TruePeak: false), default, null);
        return TonalDistance.MeasureFile(Renderer.Render(mixPath, match.Settings, outputs, tools).Files[0].Path, tools);
    }

    private static JsonObject Figures(TonalMeasurement master, TonalMeasurement reference) => new()
    {
        ["distanceDb"] = Round(TonalDistance.MeanAbsoluteDifferenceDb(master.MidDb, reference.MidDb)),
        ["lufs"] = Round(master.IntegratedLufs!.Value),
        ["truePeakDbtp"] = Round(master.TruePeakDbtp),
    };

    private static string Describe(TonalMeasurement master, TonalMeasurement reference) => string.Create(CultureInfo.InvariantCulture,
        $"{TonalDistance.MeanAbsoluteDifferenceDb(master.MidDb, reference.MidDb):0.00} ({master.IntegratedLufs:0.00}, {master.TruePeakDbtp:0.00})");

    private static double Round(double v) => Math.Round(v, 3);
}
