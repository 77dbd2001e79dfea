using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Audio.Tests.IO;
using MasteringPortal.Audio.Tests.Render;
using Xunit.Abstractions;

namespace MasteringPortal.Audio.Tests.Matching;

/// <summary>
/// A loud reference the limiter alone cannot reach (issue 18 §3): the match turns the clipper on (auto), says so, and
/// lands at the reference's loudness; an engineer who asked it not to (<see cref="MatchOptions.MayAddClipper"/>) keeps
/// the chain's clipper off and a quieter master. The progress the job shows moves forward through the second trial.
/// </summary>
public class MatchClipperTests(ITestOutputHelper output)
{
    private const double LoudnessToleranceLu = 0.3;

    /// <summary>
    /// The test set's dynamic 48 kHz mix against its dense, driven master made louder still: -7 LUFS, as loud EDM is
    /// mastered (the set's own -10 LUFS the limiter alone reaches); 10 s of it, enough for the loudness gate.
    /// </summary>
    private static readonly MatchPair Loud = MatchPairs.All.Single(p => p.Name == "dynamic-48k-vs-dense-44k") is var pair
        ? pair with { Name = "dynamic-vs-very-loud", Reference = pair.Reference with { Lufs = -7, DriveDb = 16 }, Seconds = 10 }
        : throw new InvalidOperationException();

    [Fact]
    public void A_reference_louder_than_the_limiter_reaches_turns_the_clipper_on_unless_the_engineer_forbids_it()
    {
        using var dir = new RenderTestFolder();
        var (mixPath, refPath) = (Loud.WriteMix(dir.Path), Loud.WriteReference(dir.Path));
        var reference = TonalDistance.MeasureFile(refPath, Ffmpeg.Tools).IntegratedLufs!.Value;

        var reports = new List<double>();
        var progress = new Recorder(reports);
        var allowed = ReferenceMastering.Match(mixPath, [new ReferenceFile(refPath)], new MatchOptions(), Ffmpeg.Tools, progress: progress);
        // Forbidden the way the command line says it (the workspace's tick box reaches the same option: WorkspaceMatchTests).
        var (savedPath, forbiddenMaster) = (Path.Combine(dir.Path, "forbidden.json"), Path.Combine(dir.Path, "forbidden.wav"));
        var stderr = new StringWriter();
        var code = MasteringPortal.Cli.CliApp.Run(["render", mixPath, "--reference", refPath, "--no-auto-clipper", "--match-report",
            Path.Combine(dir.Path, "forbidden-report.json"), "--save-settings", savedPath, "-o", forbiddenMaster], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var forbidden = (Settings: RenderSettings.FromJson(File.ReadAllText(savedPath)),
            Report: MatchReport.FromJson(File.ReadAllText(Path.Combine(dir.Path, "forbidden-report.json"))));

        Assert.True(allowed.Settings.Clipper.Enabled, "the match left the clipper off for a reference the limiter alone cannot reach");
        Assert.Contains(allowed.Report.Notes, n => n.Contains("the clipper (auto) shares the work", StringComparison.Ordinal));
        Assert.False(forbidden.Settings.Clipper.Enabled, "the match turned the clipper on although the engineer said not to");
        Assert.DoesNotContain(forbidden.Report.Notes, n => n.Contains("clipper", StringComparison.OrdinalIgnoreCase));

        var withClipper = Render(mixPath, allowed.Settings, dir.Path, "allowed");
        var limiterAlone = TonalDistance.MeasureFile(forbiddenMaster, Ffmpeg.Tools).IntegratedLufs!.Value;
        output.WriteLine($"reference {reference:0.00} LUFS; clipper on {withClipper:0.00}; limiter alone {limiterAlone:0.00}");
        Assert.InRange(withClipper, reference - LoudnessToleranceLu, reference + LoudnessToleranceLu);
        Assert.True(limiterAlone < reference - LoudnessToleranceLu, $"the limiter alone reached {limiterAlone:0.00} LUFS: this pair does not need the clipper");

        // Forward only, to the end, and moving during the second trial render (between the first trial's share and the analysis).
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1.0, reports[^1], 6);
        const double a = ReferenceMastering.AnalysesShare, t = ReferenceMastering.TrialShare, t2 = ReferenceMastering.SecondTrialShare;
        Assert.Contains(reports, r => r > a + (1 - a) * (t + 0.01) && r < a + (1 - a) * (t + t2 - 0.01));
    }

    private static double Render(string mixPath, RenderSettings settings, string folder, string name) =>
        Renderer.Render(mixPath, settings, new RenderOutputs(folder, name), Ffmpeg.Tools).IntegratedLufs!.Value;

    /// <summary>Keeps every report in order, on the reporting thread (Progress&lt;T&gt; would post them out of order).</summary>
    private sealed class Recorder(List<double> reports) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
