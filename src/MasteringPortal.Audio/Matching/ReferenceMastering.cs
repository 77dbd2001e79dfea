using System.Globalization;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Matching;

/// <summary>A reference track on disk (any format the audio core reads) and its weight.</summary>
public sealed record ReferenceFile(string Path, double Weight = 1);

/// <summary>The render and the match it came from (settings written, report with the master's figures when measured).</summary>
public sealed record ReferenceRenderResult(RenderResult Render, MatchResult Match);

/// <summary>
/// Mastering towards references end to end: analyse the mix and the references (one streaming pass each, in
/// parallel), match (<see cref="ReferenceMatcher"/>), render with the ordinary <see cref="Renderer"/> at the
/// mix's rate (its true-peak limiter and dither), and optionally measure the master the same way as the
/// references for the report. Memory stays flat: every step streams.
/// </summary>
public static class ReferenceMastering
{
    /// <summary>
    /// Matches, renders and (optionally) measures the master on the caller's thread. Progress is a 0-1 fraction:
    /// the match is the first tenth, the render most of the rest, measuring the master the remainder.
    /// </summary>
    public static ReferenceRenderResult Render(string mixPath, IReadOnlyList<ReferenceFile> references, MatchOptions options,
        RenderOutputs outputs, AudioTools tools, bool measureMaster = true, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputs);
        var match = Match(mixPath, references, options, tools, measureTruePeak: measureMaster, ct);
        progress?.Report(0.10);
        var renderShare = measureMaster ? 0.85 : 0.9;
        var renderProgress = progress is null ? null : new Progress<double>(f => progress.Report(0.10 + f * renderShare));
        var render = Renderer.Render(mixPath, match.Settings, outputs, tools, renderProgress, ct);
        if (measureMaster)
        {
            var master = ReferenceAnalyzer.AnalyzeFile(render.Files[0].Path, tools, ct: ct);
            match = match with { Report = match.Report with { Master = MatchedAudio.From(master, "master") } };
        }
        progress?.Report(1.0);
        return new ReferenceRenderResult(render, match);
    }

    /// <summary>
    /// Analyses the mix and the references (in parallel) and matches them; no audio is written. True peaks (for the
    /// report's PLR figures) cost about a fifth of each analysis and the match does not use them: off unless asked.
    /// Progress is a 0-1 fraction: the analyses share the first part (each file's own progress, averaged), the trial
    /// render and analysis of the refinement the rest when it runs.
    /// </summary>
    public static MatchResult Match(string mixPath, IReadOnlyList<ReferenceFile> references, MatchOptions options, AudioTools tools,
        bool measureTruePeak = false, CancellationToken ct = default, IProgress<double>? progress = null)
        => Match(mixPath, references, options, tools, new ReferenceAnalyzerOptions(TruePeak: measureTruePeak), ct, progress);

    /// <summary>The same with the analyses' own options (the match bench's variants open the loud-section gate).</summary>
    internal static MatchResult Match(string mixPath, IReadOnlyList<ReferenceFile> references, MatchOptions options, AudioTools tools,
        ReferenceAnalyzerOptions analyzer, CancellationToken ct, IProgress<double>? progress)
    {
        if (references.Count == 0) throw new MatchException("Give at least one reference track.");
        var analysesShare = options.RefineOnTrialRender ? AnalysesShare : 1.0;
        var files = new FilesProgress(references.Count + 1, progress, analysesShare);
        // One pass per file, each on its own pool thread: the engine's own parallelism, awaited here before matching.
        var mixTask = Task.Run(() => ReferenceAnalyzer.AnalyzeFile(mixPath, tools, analyzer, files.Of(0), ct), ct);
        var referenceTasks = references.Select((r, i) =>
            Task.Run(() => Named(r.Path, () => ReferenceAnalyzer.AnalyzeFile(r.Path, tools, analyzer, files.Of(i + 1), ct)), ct)).ToArray();
        var mix = mixTask.GetAwaiter().GetResult();
        var analyses = Task.WhenAll(referenceTasks).GetAwaiter().GetResult();
        var weighted = references.Select((r, i) => new WeightedReference(analyses[i], r.Weight, Path.GetFileName(r.Path))).ToArray();
        var match = ReferenceMatcher.Match(mix, weighted, options);
        progress?.Report(analysesShare);
        if (options.RefineOnTrialRender)
        {
            var refine = progress is null ? null : new Fraction(f => progress.Report(analysesShare + f * (1 - analysesShare)));
            match = Refined(mixPath, mix, match, options, analyzer, tools, ct, refine);
        }
        progress?.Report(1.0);
        return match;
    }

    /// <summary>
    /// The progress of several files analysed at once as one fraction (their mean), scaled to <c>share</c> of the whole.
    /// Reported synchronously from the analysing threads: the caller's progress must be thread-safe (a job's is).
    /// </summary>
    private sealed class FilesProgress(int count, IProgress<double>? progress, double share)
    {
        private readonly double[] fractions = new double[count];

        public IProgress<double>? Of(int index) => progress is null ? null : new Fraction(f =>
        {
            lock (fractions)
            {
                fractions[index] = Math.Clamp(f, 0, 1);
                progress.Report(share * fractions.Average());
            }
        });
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; would post to a context).</summary>
    private sealed class Fraction(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>
    /// Renders the match once into a temporary folder, analyses that master like the mix and corrects the EQ by what
    /// the chain did to the tone (<see cref="MatchRefinement"/>). Costs one render and one analysis more than the match alone.
    /// </summary>
    private static MatchResult Refined(string mixPath, ReferenceAnalysis mix, MatchResult match, MatchOptions options,
        ReferenceAnalyzerOptions analyzer, AudioTools tools, CancellationToken ct, IProgress<double>? progress = null)
    {
        if (!match.Settings.Eq.Enabled) return match;
        var work = Directory.CreateTempSubdirectory("mp-match-trial-");
        try
        {
            var done = TrialShare;
            var renderProgress = progress is null ? null : new Fraction(f => progress.Report(TrialShare * f));
            var trial = Renderer.Render(mixPath, match.Settings, new RenderOutputs(work.FullName, "trial"), tools, renderProgress, ct);
            if (WithClipperForLoudness(match, trial, options) is { } louder)
            {
                // The trial again with the clipper sharing the work, so the EQ is refined on the master as it will be.
                match = louder;
                var again = progress is null ? null : new Fraction(f => progress.Report(TrialShare + SecondTrialShare * f));
                trial = Renderer.Render(mixPath, match.Settings, new RenderOutputs(work.FullName, "trial-clipped"), tools, again, ct);
                done += SecondTrialShare;
            }
            var analysisProgress = progress is null ? null : new Fraction(f => progress.Report(done + (1 - done) * f));
            var master = ReferenceAnalyzer.AnalyzeFile(trial.Files[0].Path, tools, analyzer with { TruePeak = false }, analysisProgress, ct);
            return MatchRefinement.Refine(match, mix, master, options);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The share of a refined match's progress its analyses take; the refinement takes the rest.</summary>
    internal const double AnalysesShare = 0.6;

    /// <summary>
    /// Of the refinement's progress: the trial render takes most of the time, the analysis of its master the rest; a second
    /// trial (the clipper turned on) gets a share of its own when it runs, so the bar keeps moving forward through it.
    /// </summary>
    internal const double TrialShare = 0.55, SecondTrialShare = 0.25;

    /// <summary>
    /// When the trial fell short of the reference's loudness (beyond the solver's tolerance) with the limiter alone, the
    /// match turns the clipper on in auto mode, as an engineer does for a loud reference: the limiter alone flattens out
    /// before modern loud masters (docs/RENDER-SETTINGS.md, "Loud targets"), and a match that lands 1-2 LU under its
    /// reference does not sound like it. The report says so; the engineer can turn it off in the chain. Null when the
    /// trial reached the target, the clipper is on already, the engineer asked the match not to add it
    /// (<see cref="MatchOptions.MayAddClipper"/>), or there is no limiter or loudness target.
    /// </summary>
    internal static MatchResult? WithClipperForLoudness(MatchResult match, RenderResult trial, MatchOptions options)
    {
        if (!options.MayAddClipper) return null;
        var settings = match.Settings;
        if (settings.Loudness?.CustomLufs is not { } target || trial.IntegratedLufs is not { } reached) return null;
        if (settings.Clipper is { Enabled: true } || settings.Limiter is not { Enabled: true }) return null;
        if (target - reached <= LoudnessSolver.ToleranceLu + ShortfallMarginLu) return null;
        var note = string.Create(CultureInfo.InvariantCulture,
            $"The reference is louder than the limiter alone takes this mix ({reached:0.0} LUFS in the trial render, against {target:0.0}): the clipper (auto) shares the work. Turn it off in the chain for a cleaner, quieter master.");
        return match with
        {
            Settings = settings with { Clipper = new ProcessorStage<ClipperSettings> { Enabled = true, Settings = new ClipperSettings { Mode = ClipperMode.Auto } } },
            Report = match.Report with { Notes = [.. match.Report.Notes, note] },
        };
    }

    /// <summary>A trial this little short of its target is the solver's rounding, not a limiter out of reach.</summary>
    private const double ShortfallMarginLu = 0.05;

    /// <summary>An unreadable reference is a refused match that names the file (the mix's own errors stay <see cref="AudioFileException"/>).</summary>
    private static ReferenceAnalysis Named(string path, Func<ReferenceAnalysis> analyse)
    {
        try
        {
            return analyse();
        }
        catch (AudioFileException e)
        {
            throw new MatchException($"The reference {Path.GetFileName(path)}: {e.Message}");
        }
    }
}
