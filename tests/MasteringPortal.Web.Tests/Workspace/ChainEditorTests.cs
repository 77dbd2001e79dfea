using AngleSharp.Dom;
using Bunit;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Render;
using MasteringPortal.Web.Features.Workspace;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>
/// The chain editor turns every control into a new settings document, replaces the chain with a preset (asking
/// first when the chain was edited), shows the validator's verdict where it applies, and reads and writes the JSON
/// document without ever losing the chain to a bad one.
/// </summary>
public sealed class ChainEditorTests : MudComponentTest
{
    readonly IRenderedComponent<MudPopoverProvider> popovers;

    /// <summary>The last document the editor raised; null while it raised none.</summary>
    RenderSettings? latest;
    readonly List<bool> validity = [];

    public ChainEditorTests()
    {
        popovers = ctx.Render<MudPopoverProvider>(); // MudSelect lists open in here
    }

    IRenderedComponent<ChainEditor> RenderEditor(RenderSettings? settings = null, bool readOnly = false, int? rateHz = null, int? channels = null) =>
        ctx.Render<ChainEditor>(ps => ps
            .Add(p => p.Settings, settings ?? new RenderSettings())
            .Add(p => p.SettingsChanged, s => latest = s)
            .Add(p => p.IsValidChanged, v => validity.Add(v))
            .Add(p => p.ReadOnly, readOnly)
            .Add(p => p.MixSampleRateHz, rateHz)
            .Add(p => p.MixChannels, channels));

    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10); // MudSelect opens and selects after its own render completes

    /// <summary>
    /// Opens a MudSelect by its test id and clicks the item whose text starts with <paramref name="item"/>; unless told
    /// the pick changes nothing, waits until the editor has raised a new document.
    /// </summary>
    void Pick(IRenderedComponent<ChainEditor> editor, string testId, string item, bool changes = true)
    {
        var before = latest;
        // The test id sits on the select's value element: an input, or a div when the items have rich content.
        editor.Find($"[data-testid={testId}]").Closest("div.mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-popover-open .mud-list-item")), Patience);
        var items = popovers.FindAll(".mud-popover-open .mud-list-item");
        var match = items.FirstOrDefault(i => i.TextContent.Trim().StartsWith(item, StringComparison.Ordinal))
                    ?? throw new InvalidOperationException($"No '{item}' in {testId}: {string.Join(" | ", items.Select(i => i.TextContent.Trim()))}");
        match.Click();
        popovers.WaitForAssertion(() => Assert.Empty(popovers.FindAll(".mud-popover-open")), Patience);
        if (changes) editor.WaitForAssertion(() => Assert.NotSame(before, latest), Patience);
    }

    static string Json(RenderSettings s) => s.ToJson();

    [Fact]
    public void Typing_a_ceiling_changes_only_the_limiter_ceiling()
    {
        var start = new RenderSettings();
        var editor = RenderEditor(start);
        editor.Find("input[data-testid=limiter-ceiling]").Change("-2.5");

        Assert.NotNull(latest);
        Assert.Equal(-2.5, latest.Limiter.Settings.CeilingDbtp);
        Assert.Equal(Json(start with { Limiter = start.Limiter with { Settings = start.Limiter.Settings with { CeilingDbtp = -2.5 } } }), Json(latest));
    }

    [Fact]
    public void A_typed_value_beyond_the_range_is_held_at_the_validators_limit()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=limiter-ceiling]").Change("3");
        Assert.Equal(0, latest!.Limiter.Settings.CeilingDbtp); // the limiter accepts -20 … 0 dBTP
        Assert.Empty(RenderSettingsValidator.Validate(latest));
    }

    [Theory]
    [InlineData("Apple Music", StreamingPlatform.AppleMusic, -16)]
    [InlineData("YouTube", StreamingPlatform.YouTube, -14)]
    [InlineData("Amazon Music", StreamingPlatform.AmazonMusic, -14)]
    public void Choosing_a_platform_sets_its_reference_loudness(string label, StreamingPlatform platform, double lufs)
    {
        var editor = RenderEditor();
        Pick(editor, "loudness-platform", label);
        Assert.Equal(platform, latest!.Loudness!.Platform);
        Assert.Null(latest.Loudness.CustomLufs);
        Assert.Equal(lufs, latest.Loudness.TargetLufs);
        Assert.Contains($"{lufs} LUFS", editor.Find("[data-testid=section-loudness-summary]").TextContent);
    }

    [Fact]
    public void A_custom_target_starts_at_the_current_loudness_and_takes_the_typed_LUFS()
    {
        var editor = RenderEditor(new RenderSettings { Loudness = new LoudnessTarget { Platform = StreamingPlatform.AppleMusic } });
        Assert.Empty(editor.FindAll("input[data-testid=custom-lufs]"));

        Pick(editor, "loudness-platform", "Custom");
        Assert.Equal(-16, latest!.Loudness!.CustomLufs);
        Assert.Null(latest.Loudness.Platform); // exactly one of the two, as the validator requires

        editor.Find("input[data-testid=custom-lufs]").Change("-10");
        Assert.Equal(-10, latest.Loudness!.CustomLufs);
        Assert.Empty(RenderSettingsValidator.Validate(latest));

        Pick(editor, "loudness-platform", "Off");
        Assert.Null(latest.Loudness);
    }

    [Fact]
    public void A_loud_target_with_a_high_ceiling_shows_the_guidance_and_offers_the_loud_master_ceiling()
    {
        var editor = RenderEditor(new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -9 } });
        var warning = Assert.Single(RenderSettingsValidator.Warnings(new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = -9 } }));
        Assert.Contains(warning, editor.Find("[data-testid=section-loudness]").TextContent);
        Assert.Contains("-2 dBTP", editor.Find("[data-testid=loudness-guidance]").TextContent);

        editor.Find("[data-testid=use-loud-ceiling]").Click();
        Assert.Equal(RenderSettingsValidator.LoudMasterCeilingDbtp, latest!.Limiter.Settings.CeilingDbtp);
        Assert.Empty(RenderSettingsValidator.Warnings(latest));
        Assert.Empty(editor.FindAll("[data-testid=use-loud-ceiling]"));
    }

    [Fact]
    public void Stage_switches_turn_their_processor_on_and_off()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=stage-compressor-enabled]").Change(true);
        Assert.True(latest!.Compressor.Enabled);

        editor.Find("input[data-testid=stage-limiter-enabled]").Change(false);
        Assert.False(latest.Limiter.Enabled);
        Assert.True(latest.Compressor.Enabled); // the earlier edit is kept
        // A loudness target without the limiter: the validator's warning is shown.
        Assert.Equal(Assert.Single(RenderSettingsValidator.Warnings(latest)),
            editor.Find("[data-testid=section-loudness] [data-testid=section-warning]").TextContent.Trim());
    }

    [Fact]
    public void The_clipper_is_switched_on_set_by_hand_and_refused_without_the_limiter_at_its_own_section()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=stage-clipper-enabled]").Change(true);
        Assert.True(latest!.Clipper.Enabled);
        Pick(editor, "clipper-mode", "Set by hand");
        Assert.Equal(MasteringPortal.Audio.Dsp.Saturation.ClipperMode.Manual, latest.Clipper.Settings.Mode);
        editor.Find("input[data-testid=clipper-threshold]").Change("3");
        Assert.Equal(3, latest.Clipper.Settings.ThresholdDb);

        // The clipper leaves the last peaks to the limiter: without it the chain is refused, at the clipper's section.
        editor.Find("input[data-testid=stage-limiter-enabled]").Change(false);
        Assert.False(validity[^1]);
        Assert.Contains("turn the limiter on", editor.Find("[data-testid=section-clipper]").TextContent);
    }

    [Fact]
    public void Adding_an_EQ_band_appends_a_flat_bell_that_takes_the_typed_values_and_can_be_removed()
    {
        var start = RenderPresets.Load("rock");
        var editor = RenderEditor(start);
        var before = start.Eq.Settings.Bands.Count;

        editor.Find("[data-testid=eq-band-add]").Click();
        var bands = latest!.Eq.Settings.Bands;
        Assert.Equal(before + 1, bands.Count);
        Assert.Equal(EqBandShape.Bell, bands[^1].Shape);
        Assert.Equal(0, bands[^1].GainDb);

        editor.FindAll("input[data-testid=eq-band-gain]")[^1].Change("-3");
        editor.FindAll("input[data-testid=eq-band-frequency]")[^1].Change("250");
        Assert.Equal(-3, latest.Eq.Settings.Bands[^1].GainDb);
        Assert.Equal(250, latest.Eq.Settings.Bands[^1].FrequencyHz);
        Assert.Equal(start.Eq.Settings.Bands[0], latest.Eq.Settings.Bands[0]); // the other bands are untouched

        editor.FindAll("[data-testid=eq-band-remove]")[0].Click();
        Assert.Equal(before, latest.Eq.Settings.Bands.Count);
        Assert.Equal(-3, latest.Eq.Settings.Bands[^1].GainDb);
    }

    [Fact]
    public void Mid_side_EQ_has_its_own_side_bands()
    {
        var editor = RenderEditor(new RenderSettings { Eq = new EqStage { Enabled = true } });
        Assert.Empty(editor.FindAll("[data-testid=eq-side-band-add]"));
        Pick(editor, "eq-mode", "Mid/side");
        Assert.Equal(EqChannelMode.MidSide, latest!.Eq.Settings.Mode);
        editor.Find("[data-testid=eq-side-band-add]").Click();
        Assert.Single(latest.Eq.Settings.SideBands);
        Assert.Empty(latest.Eq.Settings.Bands);
    }

    [Fact]
    public void The_multiband_compressor_goes_to_four_bands_with_rising_crossovers_the_validator_accepts()
    {
        var start = new RenderSettings();
        var editor = RenderEditor(start with { Multiband = start.Multiband with { Enabled = true } });
        Pick(editor, "multiband-band-count", "4 bands");
        var mb = latest!.Multiband.Settings;
        Assert.Equal(3, mb.CrossoverFrequenciesHz.Count);
        Assert.Equal(4, mb.Bands.Count);
        Assert.Equal(start.Multiband.Settings.CrossoverFrequenciesHz, mb.CrossoverFrequenciesHz.Take(2));
        Assert.Empty(RenderSettingsValidator.Validate(latest));
        Assert.Equal(4, editor.FindAll("[data-testid=multiband-band]").Count);

        editor.Find("input[data-testid=multiband-band4-threshold]").Change("-24");
        Assert.Equal(-24, latest.Multiband.Settings.Bands[3].ThresholdDb);
        Assert.NotEqual(-24, latest.Multiband.Settings.Bands[2].ThresholdDb);
    }

    [Fact]
    public void A_preset_replaces_a_stock_chain_at_once()
    {
        var editor = RenderEditor();
        Pick(editor, "preset-select", "Rock");
        Assert.Equal(Json(RenderPresets.Load("rock")), Json(latest!));
        Assert.Empty(editor.FindAll("[data-testid=preset-confirm]"));

        // Still a stock chain: the next preset needs no confirmation either.
        Pick(editor, "preset-select", "Classical");
        Assert.Equal(Json(RenderPresets.Load("classical-jazz")), Json(latest));
    }

    [Fact]
    public void A_preset_replaces_an_edited_chain_only_after_confirmation()
    {
        var editor = RenderEditor();
        editor.Find("input[data-testid=limiter-ceiling]").Change("-1.5");
        var edited = latest!;

        Pick(editor, "preset-select", "Hip-hop", changes: false);
        editor.WaitForAssertion(() => Assert.Contains("Hip-hop", editor.Find("[data-testid=preset-confirm]").TextContent), Patience);
        Assert.Same(edited, latest); // nothing replaced yet
        editor.Find("[data-testid=preset-keep]").Click();
        Assert.Same(edited, latest);
        Assert.Empty(editor.FindAll("[data-testid=preset-confirm]"));

        Pick(editor, "preset-select", "Hip-hop", changes: false);
        editor.WaitForAssertion(() => editor.Find("[data-testid=preset-replace]"), Patience);
        editor.Find("[data-testid=preset-replace]").Click();
        Assert.Equal(Json(RenderPresets.Load("hip-hop")), Json(latest));
        Assert.Equal("-2", editor.Find("input[data-testid=limiter-ceiling]").GetAttribute("value"));
    }

    [Fact]
    public void Every_preset_is_offered()
    {
        var editor = RenderEditor();
        editor.Find("[data-testid=preset-select]").Closest("div.mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.Equal(RenderPresets.Names.Count, popovers.FindAll(".mud-popover-open .mud-list-item").Count), Patience);
        Assert.True(RenderPresets.Names.Count >= 6);
    }

    [Fact]
    public void An_out_of_range_value_shows_the_validators_message_at_its_section_and_makes_the_chain_invalid()
    {
        var start = new RenderSettings();
        var bad = start with { Limiter = start.Limiter with { Settings = start.Limiter.Settings with { CeilingDbtp = 1.5 } } };
        var message = Assert.Single(RenderSettingsValidator.Validate(bad));

        var editor = RenderEditor(bad);
        Assert.False(editor.Instance.IsValid);
        Assert.Equal([false], validity);
        Assert.Contains(message, editor.Find("[data-testid=validation-problems]").TextContent);
        Assert.Equal(message, editor.Find("[data-testid=section-limiter] [data-testid=section-problem]").TextContent.Trim());
        Assert.Empty(editor.FindAll("[data-testid=section-loudness] [data-testid=section-problem]"));

        editor.Find("input[data-testid=limiter-ceiling]").Change("-1");
        Assert.True(editor.Instance.IsValid);
        Assert.Equal([false, true], validity);
        Assert.Empty(editor.FindAll("[data-testid=validation-problems]"));
    }

    [Fact]
    public void A_cross_field_problem_made_with_the_controls_is_reported_and_the_fix_clears_it()
    {
        var start = new RenderSettings();
        var editor = RenderEditor(start with
        {
            HighPass = start.HighPass with { Enabled = true },
            LowPass = start.LowPass with { Enabled = true, Settings = new PassFilterSettings { FrequencyHz = 5000 } },
        });
        Assert.Equal([true], validity);

        editor.Find("input[data-testid=highpass-frequency]").Change("8000");
        Assert.False(editor.Instance.IsValid);
        var message = Assert.Single(RenderSettingsValidator.Validate(latest!));
        Assert.Equal(message, editor.Find("[data-testid=section-highpass] [data-testid=section-problem]").TextContent.Trim());
        Assert.Equal([true, false], validity);
    }

    [Fact]
    public void Band_frequencies_are_checked_against_the_mixs_sample_rate()
    {
        var settings = new RenderSettings
        {
            Eq = new EqStage { Enabled = true, Settings = new ParametricEqSettings { Bands = [new EqBand { Shape = EqBandShape.HighShelf, FrequencyHz = 30000, GainDb = 1 }] } },
        };
        Assert.True(RenderEditor(settings, rateHz: 96000).Instance.IsValid);
        var at44 = RenderEditor(settings, rateHz: 44100);
        Assert.False(at44.Instance.IsValid);
        Assert.Equal(Assert.Single(RenderSettingsValidator.Validate(settings, 44100)),
            at44.Find("[data-testid=section-eq] [data-testid=section-problem]").TextContent.Trim());
    }

    [Fact]
    public void The_imager_on_a_mono_mix_is_refused_with_the_validators_reason()
    {
        var start = new RenderSettings();
        var settings = start with { Imager = start.Imager with { Enabled = true } };
        var editor = RenderEditor(settings, channels: 1);
        Assert.False(editor.Instance.IsValid);
        Assert.Equal(Assert.Single(RenderSettingsValidator.Validate(settings, channels: 1)),
            editor.Find("[data-testid=section-imager] [data-testid=section-problem]").TextContent.Trim());
    }

    [Fact]
    public void A_read_only_chain_disables_every_control_and_ignores_events()
    {
        var editor = RenderEditor(RenderPresets.Load("pop"), readOnly: true);
        var controls = editor.FindAll("input, textarea, button").ToList();
        Assert.NotEmpty(controls);
        var editable = controls.Where(c => !c.HasAttribute("disabled") && !c.HasAttribute("readonly")
                                           && c.GetAttribute("tabindex") != "-1" /* MudBlazor's spin buttons */
                                           && c.GetAttribute("data-testid") != "output-advanced-toggle" /* shows more, changes nothing */).ToList();
        Assert.Empty(editable.Select(c => c.OuterHtml[..Math.Min(160, c.OuterHtml.Length)]));
        Assert.Empty(editor.FindAll("[data-testid=eq-band-add], [data-testid=apply-json], [data-testid=eq-band-remove]"));

        editor.Find("input[data-testid=limiter-ceiling]").Change("-3");
        editor.Find("input[data-testid=stage-eq-enabled]").Change(false);
        Assert.Null(latest);
    }

    [Fact]
    public void The_JSON_panel_shows_the_document_and_applies_an_edited_one()
    {
        var start = new RenderSettings();
        var editor = RenderEditor(start);
        Assert.Equal(start.ToJson(), editor.Find("textarea[data-testid=settings-json]").TextContent);

        var wanted = RenderPresets.Load("electronic-edm") with { Output = new OutputSettings { BitDepth = 16, SampleRateHz = 48000 } };
        editor.Find("textarea[data-testid=settings-json]").Change(wanted.ToJson());
        editor.Find("[data-testid=apply-json]").Click();

        Assert.Equal(wanted.ToJson(), Json(latest!));
        Assert.Equal("-2", editor.Find("input[data-testid=limiter-ceiling]").GetAttribute("value")); // the controls follow
        Assert.Contains("16-bit, 48 kHz", editor.Find("[data-testid=section-output-summary]").TextContent);

        // And the other way: a control's edit shows in the document.
        editor.Find("input[data-testid=limiter-ceiling]").Change("-3");
        Assert.Equal(-3, RenderSettings.FromJson(editor.Find("textarea[data-testid=settings-json]").TextContent).Limiter.Settings.CeilingDbtp);
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 1, \"limiter\": { \"enabled\": tru } }", "not valid JSON")]
    [InlineData("{ \"schemaVersion\": 1, \"limiter\": { \"settings\": { \"ceilingDbtp\": \"loud\" } } }", "a number is expected")]
    [InlineData("{ \"schemaVersion\": 1, \"output\": { \"bitDepth\": 24.5 } }", "a whole number is expected")]
    [InlineData("{ \"schemaVersion\": 1, \"eq\": { \"settings\": { \"bands\": 3 } } }", "a list [ … ] is expected")]
    [InlineData("{ \"schemaVersion\": 1, \"limitr\": {} }", "is not a setting that belongs here")]
    [InlineData("{ \"schemaVersion\": 1, \"loudness\": { \"platform\": \"napster\" } }", "spotify, appleMusic, youTube, tidal, amazonMusic")]
    [InlineData("{ \"schemaVersion\": 7 }", "schema version 7")]
    [InlineData("", "not valid JSON")]
    public void Bad_JSON_gets_a_readable_message_and_changes_nothing(string json, string expected)
    {
        var start = RenderPresets.Load("rock");
        var editor = RenderEditor(start);
        editor.Find("textarea[data-testid=settings-json]").Change(json);
        editor.Find("[data-testid=apply-json]").Click();

        // The click's render can finish after Click() returns on a busy machine: wait for it (bounded), do not race it.
        var error = editor.WaitForElement("[data-testid=json-error]", TimeSpan.FromSeconds(10)).TextContent;
        Assert.Contains(expected, error);
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Null(latest); // the chain is untouched
        Assert.Equal(json, editor.Find("textarea[data-testid=settings-json]").TextContent); // and so is the typed text
        Assert.Equal("-2", editor.Find("input[data-testid=limiter-ceiling]").GetAttribute("value"));

        editor.Find("[data-testid=revert-json]").Click();
        Assert.Equal(start.ToJson(), editor.Find("textarea[data-testid=settings-json]").TextContent);
        Assert.Empty(editor.FindAll("[data-testid=json-error]"));
    }

    [Fact]
    public void The_JSON_error_names_the_line_of_the_fault()
    {
        var editor = RenderEditor();
        editor.Find("textarea[data-testid=settings-json]").Change("{\n  \"schemaVersion\": 1,\n  \"inputGain\": { \"gainDb\": x }\n}");
        editor.Find("[data-testid=apply-json]").Click();
        Assert.Contains("line 3", editor.Find("[data-testid=json-error]").TextContent);
    }

    [Fact]
    public void A_document_that_leaves_out_a_processors_settings_gets_their_defaults_and_says_so()
    {
        var editor = RenderEditor();
        editor.Find("textarea[data-testid=settings-json]").Change("{ \"schemaVersion\": 1, \"compressor\": { \"enabled\": true } }");
        editor.Find("[data-testid=apply-json]").Click();

        Assert.Equal(new RenderSettings().Compressor.Settings, latest!.Compressor.Settings);
        Assert.True(latest.Compressor.Enabled);
        Assert.Contains("compressor.settings", editor.Find("[data-testid=json-notice]").TextContent);
        Assert.Empty(RenderSettingsValidator.Validate(latest));
    }

    [Fact]
    public void An_explicit_null_where_a_value_is_needed_is_refused_with_its_path_and_changes_nothing()
    {
        var editor = RenderEditor();
        editor.Find("textarea[data-testid=settings-json]").Change("{ \"schemaVersion\": 1, \"imager\": { \"settings\": { \"widths\": null } } }");
        editor.Find("[data-testid=apply-json]").Click();

        Assert.Null(latest);
        Assert.Contains("imager.settings.widths", editor.Find("[data-testid=json-error]").TextContent);
    }

    [Fact]
    public void Edits_made_while_the_JSON_text_is_being_edited_do_not_overwrite_the_text()
    {
        var editor = RenderEditor();
        editor.Find("textarea[data-testid=settings-json]").Change("{ \"schemaVersion\": 1 } // work in progress");
        editor.Find("input[data-testid=limiter-ceiling]").Change("-2");
        Assert.Equal("{ \"schemaVersion\": 1 } // work in progress", editor.Find("textarea[data-testid=settings-json]").TextContent);
        Assert.Contains("The chain has changed", editor.Markup);
    }

    [Fact]
    public void The_reference_match_slot_is_its_own_section_and_absent_when_empty()
    {
        Assert.Empty(RenderEditor().FindAll("[data-testid=section-reference]"));
        var editor = ctx.Render<ChainEditor>(ps => ps
            .Add(p => p.Settings, new RenderSettings())
            .Add(p => p.ReferenceMatch, b => b.AddMarkupContent(0, "<p data-testid=\"match-controls\">match</p>")));
        Assert.Single(editor.FindAll("[data-testid=section-reference] [data-testid=match-controls]"));
    }

    [Fact]
    public void Output_offers_the_session_rate_and_every_common_rate_with_the_dither_seed_under_advanced()
    {
        var editor = RenderEditor(rateHz: 96000);
        Assert.Equal("Session rate (96 kHz)", editor.Find("input[data-testid=output-sample-rate]").GetAttribute("value"));
        Pick(editor, "output-sample-rate", "44.1 kHz");
        Assert.Equal(44100, latest!.Output.SampleRateHz);
        Pick(editor, "output-bit-depth", "16-bit");
        Assert.Equal(16, latest.Output.BitDepth);

        Assert.Empty(editor.FindAll("input[data-testid=output-dither-seed]"));
        editor.Find("[data-testid=output-advanced-toggle]").Click();
        editor.Find("input[data-testid=output-dither-seed]").Change("42");
        Assert.Equal(42UL, latest.Output.DitherSeed);
        Assert.Empty(RenderSettingsValidator.Validate(latest, 96000));
    }
}
