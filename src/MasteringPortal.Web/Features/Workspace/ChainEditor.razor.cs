using MasteringPortal.Audio.Dsp.Dynamics;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Saturation;
using MasteringPortal.Audio.Render;
using Microsoft.AspNetCore.Components;

namespace MasteringPortal.Web.Features.Workspace;

public partial class ChainEditor
{
    /// <summary>The document being edited; a new revision starts from <c>new RenderSettings()</c>.</summary>
    [Parameter, EditorRequired] public RenderSettings Settings { get; set; } = new();

    /// <summary>Raised with a new document after every edit, preset or applied JSON.</summary>
    [Parameter] public EventCallback<RenderSettings> SettingsChanged { get; set; }

    /// <summary>Shows the chain without letting it change (a posted revision, a user who may not render).</summary>
    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>The mix's rate: band frequencies are checked against its Nyquist (44.1 kHz, the strictest, when unknown).</summary>
    [Parameter] public int? MixSampleRateHz { get; set; }

    /// <summary>The mix's channel count: mid/side EQ and the imager need stereo (2 assumed when unknown).</summary>
    [Parameter] public int? MixChannels { get; set; }

    /// <summary>Reference matching's controls, shown as their own section; nothing when null.</summary>
    [Parameter] public RenderFragment? ReferenceMatch { get; set; }

    /// <summary>Raised when the document turns renderable or stops being so (also once at first render).</summary>
    [Parameter] public EventCallback<bool> IsValidChanged { get; set; }

    /// <summary>True when the validator finds nothing that stops a render: the page enables "Render revision" on it.</summary>
    public bool IsValid => _check.IsValid;

    /// <summary>What stops the render, one line each, as the validator words it.</summary>
    public IReadOnlyList<string> Problems => _check.Problems;

    RenderSettings _settings = new();
    RenderSettings? _received;
    IReadOnlyList<string> _filledIn = [];
    ChainProblems _check = ChainProblems.Check(new RenderSettings(), null, null);
    bool? _reportedValid;

    int RateHz => ChainRanges.RateHz(MixSampleRateHz);

    protected override async Task OnParametersSetAsync()
    {
        // Only a new document from the page replaces ours: a page that does not bind keeps the edits made here.
        if (!ReferenceEquals(Settings, _received))
        {
            _received = Settings;
            _settings = ChainDocument.Complete(Settings ?? new RenderSettings(), out _filledIn);
        }
        _check = ChainProblems.Check(_settings, MixSampleRateHz, MixChannels);
        await ReportValidityAsync();
    }

    /// <summary>One edit: the change is applied to the current document and the new one goes to the page.</summary>
    Task Edit(Func<RenderSettings, RenderSettings> change) => ApplyAsync(change(_settings));

    async Task ApplyAsync(RenderSettings next)
    {
        if (ReadOnly) return;
        _settings = next;
        _filledIn = [];
        _check = ChainProblems.Check(_settings, MixSampleRateHz, MixChannels);
        await SettingsChanged.InvokeAsync(next);
        await ReportValidityAsync();
    }

    async Task ReportValidityAsync()
    {
        if (_reportedValid == _check.IsValid) return;
        _reportedValid = _check.IsValid;
        await IsValidChanged.InvokeAsync(_check.IsValid);
    }

    Task UseLoudCeilingAsync() => Edit(s => s with
    {
        Limiter = s.Limiter with { Settings = s.Limiter.Settings with { CeilingDbtp = RenderSettingsValidator.LoudMasterCeilingDbtp } },
    });

    // Header summaries: what a collapsed section does, in a few words.

    static string? On(bool enabled, string summary) => enabled ? summary : "off";

    string LoudnessSummary => _settings.Loudness switch
    {
        null => "off: no loudness gain",
        { CustomLufs: { } lufs } => $"{ChainRange.Signed(lufs)} LUFS, custom",
        var t => $"{ChainRange.Signed(t.TargetLufs)} LUFS, {ChainSummary.PlatformName(t.Platform ?? StreamingPlatform.Spotify)}",
    };

    static string PassSummary(PassFilterSettings f) => $"{ChainRange.Frequency(f.FrequencyHz)}, {f.SlopeDbPerOct} dB/oct";

    static string DynamicsSummary(CompressorSettings c) => $"{ChainRange.Signed(c.ThresholdDb)} dB, {ChainRange.Plain(c.Ratio)}:1";

    string EqSummary
    {
        get
        {
            var eq = _settings.Eq.Settings;
            var bands = eq.Mode == EqChannelMode.MidSide
                ? $"mid/side, {eq.Bands.Count} + {eq.SideBands.Count} bands"
                : $"{eq.Bands.Count} band{(eq.Bands.Count == 1 ? "" : "s")}";
            return $"{bands}, {(_settings.Eq.LinearPhase ? "linear" : "minimum")} phase";
        }
    }

    string ClipperSummary => _settings.Clipper.Settings.Mode == ClipperMode.Auto
        ? "automatic"
        : $"{ChainRange.Signed(_settings.Clipper.Settings.ThresholdDb)} dB above the ceiling";

    string SaturationSummary =>
        $"{(_settings.Saturation.Settings.Curve == SaturationCurve.Tape ? "tape" : "soft clip")}, {ChainRange.Plain(_settings.Saturation.Settings.DriveDb)} dB drive";

    string ImagerSummary
    {
        get
        {
            var i = _settings.Imager.Settings;
            var widths = string.Join(" / ", i.Widths.Select(w => ChainRange.Plain(w) + "×"));
            return i.MonoBelowHz > 0 ? $"width {widths}, mono below {ChainRange.Frequency(i.MonoBelowHz)}" : $"width {widths}";
        }
    }

    string OutputSummary
    {
        get
        {
            var o = _settings.Output;
            var depth = o.BitDepth == 32 ? "32-bit float" : $"{o.BitDepth}-bit";
            var rate = o.SampleRateHz is { } r ? $"{ChainRange.Plain(r / 1000.0)} kHz" : "session rate";
            var dither = o.BitDepth != 32 && o.Dither ? ", dithered" : "";
            return $"{depth}, {rate}{dither}";
        }
    }
}
