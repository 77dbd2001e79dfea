using Bunit;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Web.Features.Charts;
using MasteringPortal.Web.Features.Intake;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>The server-drawn charts put points where the axes say, break lines at silence, and keep a curve's peaks when thinning it.</summary>
public sealed class ChartTests : IAsyncLifetime
{
    readonly BunitContext ctx = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => ctx.DisposeAsync().AsTask();

    [Fact]
    public void A_logarithmic_axis_puts_the_geometric_middle_of_its_range_in_the_middle()
    {
        var axis = new ChartAxis(20, 20000, Logarithmic: true);
        Assert.Equal(0.5, axis.Fraction(Math.Sqrt(20 * 20000.0)), 9);
        Assert.Equal(0, axis.Fraction(10)); // clamped below the range
        Assert.Equal(1, axis.Fraction(40000)); // and above it
    }

    [Fact]
    public void A_null_value_breaks_the_line_instead_of_drawing_it_to_the_floor()
    {
        var series = new ChartSeries("mix", "#000", [0, 1, 2, 3, 4], [-20, -18, null, -19, -21]);
        var chart = ctx.Render<LineChart>(ps => ps
            .Add(p => p.Series, new[] { series })
            .Add(p => p.X, new ChartAxis(0, 4))
            .Add(p => p.Y, new ChartAxis(-30, -10)));
        var d = chart.Find("path.series").GetAttribute("d")!;
        Assert.Equal(2, d.Count(c => c == 'M')); // two sub-paths: before and after the gap
        Assert.Equal(2, d.Count(c => c == 'L'));
    }

    [Fact]
    public void Thinning_a_long_loudness_curve_keeps_the_loudest_value_of_each_stretch()
    {
        var values = new float?[36_000]; // an hour at 10 Hz
        for (var i = 0; i < values.Length; i++) values[i] = -20f;
        values[12_345] = -6f; // one loud moment
        values[100] = null; // a silent moment
        var analysis = TestMixes.Healthy() with { LoudnessCurves = new LoudnessCurves(0.1, values, values) };
        var series = AnalysisSeries.ShortTermLoudness("mix", "#000", analysis);
        Assert.Equal(AnalysisSeries.CurvePoints, series.Y.Count);
        Assert.Equal(-6.0, series.Y.Max());
        Assert.Equal(1, series.Y.Count(y => y == -6.0));
        Assert.All(series.Y, y => Assert.NotNull(y)); // one silent point does not blank its whole stretch
        Assert.Equal(3600 - 6, series.X[^1], 6); // the last stretch starts 6 s before the end
    }

    [Theory]
    [InlineData(-14.04, "-14.0 LUFS")]
    [InlineData(-0.04, "0.0 LUFS")]
    [InlineData(-9.96, "-10.0 LUFS")]
    public void Levels_read_with_one_decimal_and_never_as_minus_zero(double value, string expected) =>
        Assert.Equal(expected, Levels.Lufs(value));

    [Fact]
    public void A_level_that_does_not_exist_is_a_dash_not_a_number()
    {
        Assert.Equal("–", Levels.Lufs(null));
        Assert.Equal("–", Levels.Dbtp(double.NegativeInfinity));
    }
}
