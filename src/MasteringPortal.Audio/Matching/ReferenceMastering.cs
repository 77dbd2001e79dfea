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
    public static Task<ReferenceRenderResult> RenderAsync(string mixPath, IReadOnlyList<ReferenceFile> references, MatchOptions options,
        RenderOutputs outputs, bool measureMaster = true, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outputs);
        return Task.Run(async () =>
        {
            var match = await MatchAsync(mixPath, references, options, measureTruePeak: measureMaster, ct).ConfigureAwait(false);
            progress?.Report(10);
            var renderProgress = progress is null ? null : new Progress<double>(p => progress.Report(10 + p * (measureMaster ? 0.85 : 0.9)));
            var render = await Renderer.RenderAsync(mixPath, match.Settings, outputs, renderProgress, ct).ConfigureAwait(false);
            if (measureMaster)
            {
                var master = ReferenceAnalyzer.AnalyzeFile(render.Files[0].Path, ct: ct);
                match = match with { Report = match.Report with { Master = MatchedAudio.From(master, "master") } };
            }
            progress?.Report(100);
            return new ReferenceRenderResult(render, match);
        }, ct);
    }

    /// <summary>
    /// Analyses the mix and the references (in parallel) and matches them; no audio is written. True peaks (for the
    /// report's PLR figures) cost about a fifth of each analysis and the match does not use them: off unless asked.
    /// </summary>
    public static async Task<MatchResult> MatchAsync(string mixPath, IReadOnlyList<ReferenceFile> references, MatchOptions options,
        bool measureTruePeak = false, CancellationToken ct = default)
    {
        if (references.Count == 0) throw new MatchException("Give at least one reference track.");
        var analyzer = new ReferenceAnalyzerOptions(TruePeak: measureTruePeak);
        var mixTask = Task.Run(() => ReferenceAnalyzer.AnalyzeFile(mixPath, analyzer, ct: ct), ct);
        var referenceTasks = references.Select(r => Task.Run(() => Named(r.Path, () => ReferenceAnalyzer.AnalyzeFile(r.Path, analyzer, ct: ct)), ct)).ToArray();
        var mix = await mixTask.ConfigureAwait(false);
        var analyses = await Task.WhenAll(referenceTasks).ConfigureAwait(false);
        var weighted = references.Select((r, i) => new WeightedReference(analyses[i], r.Weight, Path.GetFileName(r.Path))).ToArray();
        return ReferenceMatcher.Match(mix, weighted, options);
    }

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
