using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using MasteringPortal.Web.Features.Workspace;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>Each of the validator's messages is filed under the editor section it concerns; band lists grow and shrink soundly.</summary>
public sealed class ChainProblemsTests
{
    static readonly RenderSettings D = new();

    public static TheoryData<string, RenderSettings> BrokenStages => new()
    {
        { "inputgain", D with { InputGain = new InputGainStage { Enabled = true, GainDb = 30 } } },
        { "highpass", D with { HighPass = D.HighPass with { Enabled = true, Settings = new PassFilterSettings { FrequencyHz = 5 } } } },
        { "lowpass", D with { LowPass = D.LowPass with { Enabled = true, Settings = new PassFilterSettings { FrequencyHz = 20000, SlopeDbPerOct = 10 } } } },
        { "eq", D with { Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Bands = [new EqBand { GainDb = 30 }] } } } },
        { "eq", D with { Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Mode = EqChannelMode.MidSide, SideBands = [new EqBand { Q = 0 }] } } } },
        { "compressor", D with { Compressor = D.Compressor with { Enabled = true, Settings = new CompressorSettings { Ratio = 0.5 } } } },
        { "multiband", D with { Multiband = D.Multiband with { Enabled = true, Settings = new MultibandCompressorSettings { CrossoverFrequenciesHz = [2500, 120] } } } },
        { "saturation", D with { Saturation = D.Saturation with { Enabled = true, Settings = new SaturationSettings { DriveDb = 40 } } } },
        { "imager", D with { Imager = D.Imager with { Enabled = true, Settings = D.Imager.Settings with { Widths = [3] } } } },
        { "loudness", D with { Loudness = new LoudnessTarget { CustomLufs = -3 } } },
        { "loudness", D with { Loudness = new LoudnessTarget { CustomLufs = -14, Platform = StreamingPlatform.Tidal } } },
        { "limiter", D with { Limiter = D.Limiter with { Settings = D.Limiter.Settings with { LookaheadMs = 20 } } } },
        { "limiter", D with { Limiter = D.Limiter with { Settings = D.Limiter.Settings with { ReleaseMs = 100, SustainedReleaseMs = 50 } } } },
        { "limiter", D with { Limiter = D.Limiter with { Settings = D.Limiter.Settings with { DetectorMarginDb = 5 } } } },
        { "output", D with { Output = new OutputSettings { BitDepth = 20 } } },
        { "output", D with { Output = new OutputSettings { SampleRateHz = 32000 } } },
    };

    [Theory]
    [MemberData(nameof(BrokenStages))]
    public void A_validator_problem_is_filed_under_its_section(string section, RenderSettings settings)
    {
        var check = ChainProblems.Check(settings, null, null);
        var problem = Assert.Single(check.Problems);
        Assert.Equal(section, ChainProblems.SectionOf(problem));
        Assert.Equal([problem], check.ProblemsFor(section));
    }

    [Fact]
    public void Both_loud_master_warnings_are_filed_under_the_loudness_target()
    {
        var loudWithoutLimiter = D with { Loudness = new LoudnessTarget { CustomLufs = -9 }, Limiter = D.Limiter with { Enabled = false } };
        var warnings = RenderSettingsValidator.Warnings(loudWithoutLimiter);
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal("loudness", ChainProblems.SectionOf(w)));
        var loud = D with { Loudness = new LoudnessTarget { CustomLufs = -9 } };
        Assert.Equal("loudness", ChainProblems.SectionOf(Assert.Single(RenderSettingsValidator.Warnings(loud))));
    }

    [Fact]
    public void A_line_no_section_claims_stays_general()
    {
        var check = ChainProblems.Check(D with { SchemaVersion = 2 }, null, null);
        Assert.Equal(ChainProblems.General, ChainProblems.SectionOf(Assert.Single(check.Problems)));
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(192000)]
    public void Added_crossovers_rise_below_Nyquist_and_keep_the_existing_ones(int rateHz)
    {
        IReadOnlyList<double> crossovers = [120, 2500];
        var four = ChainBands.Crossovers(crossovers, 4, rateHz);
        Assert.Equal([120, 2500], four.Take(2));
        Assert.Equal(3, four.Length);
        Assert.True(four[2] > four[1] && four[2] < rateHz / 2.0);
        // Grown from nothing to four bands, the imager's list is valid too.
        var fromNone = ChainBands.Crossovers([], 4, rateHz);
        var imager = new RenderSettings().Imager.Settings with { CrossoverFrequenciesHz = fromNone, Widths = [1, 1, 1, 1] };
        imager.Validate(rateHz);
        Assert.Equal([120.0], ChainBands.Crossovers(four, 2, rateHz));
    }

    [Fact]
    public void Band_spans_read_as_frequency_ranges()
    {
        IReadOnlyList<double> crossovers = [120, 2500];
        Assert.Equal("below 120 Hz", ChainBands.Span(crossovers, 0));
        Assert.Equal("120 Hz – 2.5 kHz", ChainBands.Span(crossovers, 1));
        Assert.Equal("above 2.5 kHz", ChainBands.Span(crossovers, 2));
    }
}
