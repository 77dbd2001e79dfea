using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Limiting;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Audio.Tests.Render;

public class RenderSettingsTests
{
    [Fact]
    public void Default_settings_are_valid_and_survive_a_json_round_trip()
    {
        var settings = new RenderSettings();
        Assert.Empty(RenderSettingsValidator.Validate(settings));
        var json = settings.ToJson();
        Assert.Contains("\"schemaVersion\": 1", json);
        Assert.Contains("\"ceilingDbtp\"", json);
        var back = RenderSettings.FromJson(json);
        Assert.Equal(json, back.ToJson());
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "imager": { "enabled": true, "settings": { "widths": null } } }""", "imager.settings.widths")]
    [InlineData("""{ "schemaVersion": 1, "multiband": { "settings": { "crossoverFrequenciesHz": null } } }""", "multiband.settings.crossoverFrequenciesHz")]
    [InlineData("""{ "schemaVersion": 1, "limiter": { "enabled": true, "settings": null } }""", "limiter.settings")]
    [InlineData("""{ "schemaVersion": 1, "eq": null }""", "eq")]
    public void A_null_where_the_document_needs_a_value_is_refused_with_its_path(string json, string path)
    {
        var refused = Assert.Throws<RenderSettingsException>(() => RenderSettings.FromJson(json));
        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public void A_null_where_the_document_allows_none_is_read()
    {
        var settings = RenderSettings.FromJson("""{ "schemaVersion": 1, "loudness": null }""");
        Assert.Null(settings.Loudness);
        Assert.Empty(RenderSettingsValidator.Validate(settings));
    }

    [Fact]
    public void An_eq_band_gain_out_of_range_is_named_with_its_band_number_and_range()
    {
        var settings = new RenderSettings
        {
            Eq = new EqStage
            {
                Enabled = true,
                Settings = new ParametricEqSettings { Bands = [new EqBand { GainDb = 3 }, new EqBand { GainDb = 30 }] },
            },
        };
        var problems = RenderSettingsValidator.Validate(settings);
        Assert.Equal(["EQ band 2: gain +30 dB is outside -24…+24 dB."], problems);
    }

    [Fact]
    public void Processor_range_checks_come_back_as_one_readable_line_each()
    {
        var settings = RenderSettings.FromJson("""
            { "schemaVersion": 1,
              "compressor": { "enabled": true, "settings": { "ratio": 0.5 } },
              "limiter": { "enabled": true, "settings": { "ceilingDbtp": 3 } },
              "output": { "bitDepth": 20, "sampleRateHz": 22050 } }
            """);
        var problems = RenderSettingsValidator.Validate(settings);
        Assert.Contains("Compressor: The ratio must be between 1:1 and 100:1.", problems);
        Assert.Contains(problems, p => p.StartsWith("The limiter ceiling must be between -20 and 0 dBTP"));
        Assert.Contains(problems, p => p.StartsWith("Output bit depth 20 is not offered"));
        Assert.Contains(problems, p => p.StartsWith("Output sample rate 22050 Hz is not offered"));
        Assert.All(problems, p => Assert.DoesNotContain("Parameter", p));
    }

    [Fact]
    public void Disabled_processors_are_not_checked()
    {
        var settings = new RenderSettings
        {
            Eq = new EqStage { Enabled = false, Settings = new ParametricEqSettings { Bands = [new EqBand { GainDb = 30 }] } },
        };
        Assert.Empty(RenderSettingsValidator.Validate(settings));
    }

    [Theory]
    [InlineData(-10, -1, true)]
    [InlineData(-10, -2, false)]
    [InlineData(-14, -1, false)]
    public void A_loud_target_with_a_ceiling_above_minus_2_dbtp_warns_about_lossy_encoding(double lufs, double ceiling, bool warns)
    {
        var settings = new RenderSettings
        {
            Loudness = new LoudnessTarget { CustomLufs = lufs },
            Limiter = new ProcessorStage<TruePeakLimiterSettings> { Enabled = true, Settings = new TruePeakLimiterSettings(CeilingDbtp: ceiling) },
        };
        Assert.Equal(warns, RenderSettingsValidator.Warnings(settings).Any(w => w.Contains("-2 dBTP")));
    }

    [Theory]
    [InlineData("spotify", -14)]
    [InlineData("appleMusic", -16)]
    [InlineData("youTube", -14)]
    [InlineData("tidal", -14)]
    [InlineData("amazonMusic", -14)]
    public void Platform_targets_are_the_platforms_references(string platform, double lufs)
    {
        var settings = RenderSettings.FromJson($$"""{ "schemaVersion": 1, "loudness": { "platform": "{{platform}}" } }""");
        Assert.Equal(lufs, settings.Loudness!.TargetLufs);
    }

    [Fact]
    public void Loudness_off_is_null()
    {
        var settings = RenderSettings.FromJson("""{ "schemaVersion": 1, "loudness": null }""");
        Assert.Null(settings.Loudness);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "schemaVersion": 2 }""")]
    [InlineData("""{ "schemaVersion": 1, "limitter": {} }""")]
    public void A_document_that_is_not_render_settings_is_refused_with_a_message(string json)
    {
        var e = Assert.Throws<RenderSettingsException>(() => RenderSettings.FromJson(json));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void All_six_genre_presets_ship()
    {
        Assert.Equal(["acoustic-folk", "classical-jazz", "electronic-edm", "hip-hop", "pop", "rock"], RenderPresets.Names);
    }

    [Theory]
    [InlineData("acoustic-folk")]
    [InlineData("rock")]
    [InlineData("hip-hop")]
    [InlineData("electronic-edm")]
    [InlineData("pop")]
    [InlineData("classical-jazz")]
    public void Each_preset_loads_and_is_valid_at_44k1_and_96k(string name)
    {
        var settings = RenderPresets.Load(name);
        Assert.Empty(RenderSettingsValidator.Validate(settings, 44100));
        Assert.Empty(RenderSettingsValidator.Validate(settings, 96000));
        Assert.True(settings.Limiter.Enabled);
    }

    [Fact]
    public void An_unknown_preset_names_the_ones_there_are()
    {
        var e = Assert.Throws<RenderSettingsException>(() => RenderPresets.Load("polka"));
        Assert.Contains("rock", e.Message);
    }

    [Fact]
    public void Every_enum_in_the_document_is_written_as_a_camel_case_word()
    {
        // The contract is source-generated, so each enum needs its own converter in RenderSettings.JsonOptions;
        // one that is forgotten would be written as a number. Walk every type the document can reach.
        var seen = new HashSet<Type>();
        var enums = new HashSet<Type>();
        void Walk(Type t)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            if (!seen.Add(t)) return;
            if (t.IsEnum) { enums.Add(t); return; }
            if (t.IsArray) { Walk(t.GetElementType()!); return; }
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Walk(a);
            if (t.Namespace?.StartsWith("MasteringPortal", StringComparison.Ordinal) != true) return;
            foreach (var p in t.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)) Walk(p.PropertyType);
        }
        Walk(typeof(RenderSettings));
        Assert.NotEmpty(enums);
        foreach (var e in enums)
        {
            Assert.True(RenderSettings.JsonOptions.Converters.Any(c => c.CanConvert(e)), $"{e.Name} has no converter in RenderSettings.JsonOptions");
        }
        var json = new RenderSettings { Output = new OutputSettings { NoiseShaping = MasteringPortal.Audio.Dsp.Dither.NoiseShaping.None } }.ToJson();
        Assert.Contains("\"platform\": \"spotify\"", json);
    }

    [Fact]
    public void Stages_and_fields_left_out_of_a_document_keep_their_defaults()
    {
        // The source-generated contract sets only what the document holds (settable properties): an omitted
        // stage or field is the engine's default, never a null or a zero.
        var settings = RenderSettings.FromJson("""{ "schemaVersion": 1, "output": { "bitDepth": 16 } }""");
        var defaults = new RenderSettings();
        Assert.Equal(16, settings.Output.BitDepth);
        Assert.Equal(defaults.Output.DitherSeed, settings.Output.DitherSeed);
        Assert.True(settings.Output.Dither);
        Assert.Equal(defaults.Limiter, settings.Limiter);
        Assert.Equal(defaults.HighPass, settings.HighPass);
        Assert.Equal(defaults.Loudness, settings.Loudness);
        Assert.Empty(RenderSettingsValidator.Validate(settings));
    }
}
