using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Render;

/// <summary>What changed between two revisions' settings, in the chain's words for the engineer and plain words for the client.</summary>
public sealed class RenderSettingsDiffTests
{
    static RenderSettings WithBands(params EqBand[] bands) => new()
    {
        Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Bands = bands } },
    };

    [Fact]
    public void The_same_settings_have_no_differences_even_when_read_back_from_their_json()
    {
        var settings = WithBands(new EqBand { FrequencyHz = 60, GainDb = 1 });
        Assert.Empty(RenderSettingsDiff.Between(settings, RenderSettings.FromJson(settings.ToJson())));
        Assert.Null(RenderSettingsDiff.ClientSummary([]));
    }

    [Fact]
    public void An_eq_band_boosted_reads_as_the_engineer_and_the_client_would_say_it()
    {
        var before = WithBands(new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 8000, GainDb = 1 }, new EqBand { FrequencyHz = 60, GainDb = 0, Q = 1 });
        var after = WithBands(new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 8000, GainDb = 1 }, new EqBand { FrequencyHz = 60, GainDb = 1.5, Q = 1 });

        var change = Assert.Single(RenderSettingsDiff.Between(before, after));
        Assert.Equal("EQ band 2: +1.5 dB at 60 Hz, Q 1 (was +0.0 dB at 60 Hz, Q 1)", change.Engineer);
        Assert.Equal("More low end around 60 Hz (+1.5 dB).", change.Client);
    }

    [Fact]
    public void Bands_added_and_removed_and_a_cut_in_the_top_end_are_named()
    {
        var before = WithBands(new EqBand { FrequencyHz = 300, GainDb = -2, Q = 2 });
        var after = WithBands(new EqBand { FrequencyHz = 300, GainDb = -2, Q = 2 }, new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 10000, GainDb = -1.5 });
        var added = Assert.Single(RenderSettingsDiff.Between(before, after));
        Assert.Equal("EQ band 2 added: -1.5 dB high shelf at 10 kHz", added.Engineer);
        Assert.Equal("Less air and sparkle around 10 kHz (-1.5 dB).", added.Client);

        var removed = Assert.Single(RenderSettingsDiff.Between(after, before));
        Assert.Equal("EQ band 2 removed (was -1.5 dB high shelf at 10 kHz)", removed.Engineer);
    }

    [Fact]
    public void A_louder_target_and_a_lower_ceiling_are_said_with_their_figures()
    {
        var before = new RenderSettings { Loudness = new LoudnessTarget { Platform = StreamingPlatform.Spotify } };
        var after = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -10 } };
        after.Limiter = after.Limiter with { Settings = after.Limiter.Settings with { CeilingDbtp = -2 } };

        var changes = RenderSettingsDiff.Between(before, after);
        Assert.Equal(
            ["Loudness target: -10 LUFS (was Spotify -14 LUFS)", "Limiter ceiling: -2.0 dBTP (was -1.0 dBTP)"],
            changes.Select(c => c.Engineer));
        Assert.Equal("Louder: aimed at -10 LUFS instead of -14. More room for peaks: the ceiling is now -2.0 dBTP.",
            RenderSettingsDiff.ClientSummary(changes));
    }

    [Fact]
    public void Other_fields_are_found_by_walking_the_documents_with_their_units()
    {
        var before = new RenderSettings
        {
            Compressor = new ProcessorStage<CompressorSettings> { Enabled = true, Settings = new CompressorSettings { ThresholdDb = -14 } },
            Multiband = new ProcessorStage<MultibandCompressorSettings> { Enabled = true, Settings = new MultibandCompressorSettings() },
        };
        var after = before with
        {
            Compressor = new ProcessorStage<CompressorSettings> { Enabled = true, Settings = new CompressorSettings { ThresholdDb = -18 } },
            Multiband = new ProcessorStage<MultibandCompressorSettings>
            {
                Enabled = true, Settings = new MultibandCompressorSettings { CrossoverFrequenciesHz = [120, 3000] },
            },
        };

        var changes = RenderSettingsDiff.Between(before, after);
        Assert.Equal(
            ["Compressor threshold: -18 dB (was -14 dB)", "Multiband crossover frequency 2: 3000 Hz (was 2500 Hz)"],
            changes.Select(c => c.Engineer));
        Assert.Equal(["Adjusted the dynamics (compression).", "Adjusted the dynamics per frequency band."], changes.Select(c => c.Client));
    }

    [Fact]
    public void A_stage_switched_on_is_one_line_and_the_settings_of_a_stage_left_off_do_not_count()
    {
        var before = new RenderSettings();
        var on = before with { Saturation = before.Saturation with { Enabled = true } };
        Assert.Equal(["Saturation: on"], RenderSettingsDiff.Between(before, on).Select(c => c.Engineer));
        Assert.Equal("Added the warmth (saturation).", RenderSettingsDiff.Between(before, on)[0].Client);

        var offButRetuned = before with { Saturation = before.Saturation with { Settings = before.Saturation.Settings with { DriveDb = 9 } } };
        Assert.Empty(RenderSettingsDiff.Between(before, offButRetuned));
    }
}
