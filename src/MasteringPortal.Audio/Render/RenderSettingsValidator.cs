using System.Globalization;
using MasteringPortal.Audio.Dsp.Filters;
using MasteringPortal.Audio.Dsp.Resampling;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// Checks a <see cref="RenderSettings"/> document before any audio is touched. <see cref="Validate"/> lists
/// the problems that stop a render (empty = renderable); <see cref="Warnings"/> lists advice that does not.
/// Each message names the setting and the allowed range, for the engineer.
/// </summary>
public static class RenderSettingsValidator
{
    /// <summary>Lowest common rate: checks against it are the strictest (band frequencies below Nyquist).</summary>
    public const int DefaultSampleRateHz = 44100;

    public const double LoudMasterLufs = -12;
    public const double LoudMasterCeilingDbtp = -2;

    /// <summary>Lowest peak ceiling for a master without the limiter (<see cref="OutputSettings.PeakCeilingDbfs"/>), dBFS.</summary>
    public const double MinPeakCeilingDbfs = -24;

    public static IReadOnlyList<string> Validate(RenderSettings settings, int sampleRateHz = DefaultSampleRateHz, int channels = 2)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        if (settings.SchemaVersion != RenderSettings.CurrentSchemaVersion)
            problems.Add($"Schema version {settings.SchemaVersion} is not supported; use {RenderSettings.CurrentSchemaVersion}.");

        if (settings.InputGain is { Enabled: true, GainDb: var g } && g is < -24 or > 24)
            problems.Add($"Input gain {Db(g)} dB is outside -24…+24 dB.");

        Check(problems, "High-pass", settings.HighPass, s => s.Validate(sampleRateHz));
        Check(problems, "Low-pass", settings.LowPass, s => s.Validate(sampleRateHz));
        if (settings.HighPass is { Enabled: true, Settings: { } hp } && settings.LowPass is { Enabled: true, Settings: { } lp } && hp.FrequencyHz >= lp.FrequencyHz)
            problems.Add($"High-pass at {hp.FrequencyHz:0.#} Hz is not below the low-pass at {lp.FrequencyHz:0.#} Hz.");

        if (settings.Eq is { Enabled: true } eq)
        {
            if (eq.Settings is null) problems.Add("EQ is on but has no settings.");
            else
            {
                if (eq.Settings.Mode == EqChannelMode.MidSide && channels != 2)
                    problems.Add($"Mid/side EQ needs a stereo file; this one has {channels} channel(s).");
                CheckBands(problems, eq.Settings.Mode == EqChannelMode.MidSide ? "EQ mid band" : "EQ band", eq.Settings.Bands, sampleRateHz);
                if (eq.Settings.Mode == EqChannelMode.MidSide) CheckBands(problems, "EQ side band", eq.Settings.SideBands, sampleRateHz);
            }
        }

        Check(problems, "Compressor", settings.Compressor, s => s.Validate(sampleRateHz));
        Check(problems, "Multiband compressor", settings.Multiband, s => s.Validate(sampleRateHz));
        Check(problems, "Saturation", settings.Saturation, s => s.Validate());
        Check(problems, "Stereo imager", settings.Imager, s => s.Validate(sampleRateHz));
        if (settings.Imager is { Enabled: true } && channels != 2)
            problems.Add($"The stereo imager needs a stereo file; this one has {channels} channel(s).");

        if (settings.Loudness is { } loudness)
        {
            if (loudness.Platform is not null && loudness.CustomLufs is not null)
                problems.Add("Loudness target: give a platform or a custom LUFS value, not both.");
            if (loudness.CustomLufs is { } lufs && lufs is < -36 or > -5)
                problems.Add($"Loudness target {Db(lufs)} LUFS is outside -36…-5 LUFS.");
        }

        Check(problems, "Clipper", settings.Clipper, s => s.Validate());
        if (settings.Clipper is { Enabled: true } && settings.Limiter is not { Enabled: true })
            problems.Add("The clipper is set from the limiter's ceiling and leaves the last peaks to it: turn the limiter on, or the clipper off.");

        if (settings.Limiter is { Enabled: true } limiter)
        {
            if (limiter.Settings is null) problems.Add("Limiter is on but has no settings.");
            else problems.AddRange(limiter.Settings.Validate());
        }

        if (settings.Output is null) problems.Add("Output settings are missing.");
        else
        {
            if (settings.Output.BitDepth is not (16 or 24 or 32))
                problems.Add($"Output bit depth {settings.Output.BitDepth} is not offered; choose 16, 24 or 32 (float).");
            if (settings.Output.SampleRateHz is { } rate && !ResamplerSettings.CommonRatesHz.Contains(rate))
                problems.Add($"Output sample rate {rate} Hz is not offered; choose one of {string.Join(", ", ResamplerSettings.CommonRatesHz)} Hz.");
            if (settings.Output.PeakCeilingDbfs is { } peakCeiling && !(peakCeiling is >= MinPeakCeilingDbfs and <= 0))
                problems.Add($"Peak ceiling {Db(peakCeiling)} dBFS is outside {Db(MinPeakCeilingDbfs)}…0 dBFS.");
        }
        return problems;
    }

    /// <summary>Advice that does not stop the render (loud masters and lossy encoding).</summary>
    public static IReadOnlyList<string> Warnings(RenderSettings settings)
    {
        var warnings = new List<string>();
        if (settings.Loudness is { } loudness && loudness.TargetLufs > LoudMasterLufs)
        {
            var ceiling = settings.Limiter is { Enabled: true, Settings: { } l } ? l.CeilingDbtp : 0;
            if (ceiling > LoudMasterCeilingDbtp)
                warnings.Add($"A loud master ({Db(loudness.TargetLufs)} LUFS) with a {Db(ceiling)} dBTP ceiling: MP3/AAC encoding raises peaks on loud material; use -2 dBTP or lower.");
        }
        // With a peak ceiling the gain stops where the loudest sample reaches it: the peaks are controlled, not left to chance.
        if (settings.Loudness is not null && settings.Limiter is not { Enabled: true } && settings.Output?.PeakCeilingDbfs is null)
            warnings.Add("A loudness target without the limiter: the gain is applied as is and the true peak is not controlled.");
        if (settings.Output?.PeakCeilingDbfs is { } peakCeiling && settings.Limiter is { Enabled: true })
            warnings.Add($"The {Db(peakCeiling)} dBFS peak ceiling is for masters without the limiter; with the limiter on, its own ceiling holds the peaks.");
        return warnings;
    }

    private static void CheckBands(List<string> problems, string label, IReadOnlyList<EqBand>? bands, int sampleRateHz)
    {
        if (bands is null) return;
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            var name = $"{label} {i + 1}";
            if (!(b.FrequencyHz >= 10 && b.FrequencyHz < sampleRateHz / 2.0))
                problems.Add($"{name}: frequency {b.FrequencyHz:0.#} Hz is outside 10 Hz…{sampleRateHz / 2000.0:0.##} kHz.");
            if (b.GainDb is < -24 or > 24 || double.IsNaN(b.GainDb))
                problems.Add($"{name}: gain {Db(b.GainDb)} dB is outside -24…+24 dB.");
            if (b.Q is < 0.1 or > 40 || double.IsNaN(b.Q))
                problems.Add($"{name}: Q {b.Q.ToString("0.###", CultureInfo.InvariantCulture)} is outside 0.1…40.");
            if (b.Shape is EqBandShape.HighPass or EqBandShape.LowPass && (b.SlopeDbPerOct is < 6 or > 48 || b.SlopeDbPerOct % 6 != 0))
                problems.Add($"{name}: slope {b.SlopeDbPerOct} dB/oct is not one of 6, 12, … 48 dB/oct.");
        }
    }

    /// <summary>Runs a processor's own range checks and turns its exception into one line.</summary>
    private static void Check<T>(List<string> problems, string label, ProcessorStage<T>? stage, Action<T> validate) where T : class
    {
        if (stage is not { Enabled: true }) return;
        if (stage.Settings is null)
        {
            problems.Add($"{label} is on but has no settings.");
            return;
        }
        try
        {
            validate(stage.Settings);
        }
        catch (ArgumentException e)
        {
            problems.Add($"{label}: {PlainMessage(e)}");
        }
    }

    /// <summary>ArgumentException appends "(Parameter 'x')" and the actual value: not for the engineer's eyes.</summary>
    private static string PlainMessage(ArgumentException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        cut = message.IndexOf('\n');
        if (cut >= 0) message = message[..cut].TrimEnd();
        return message;
    }

    internal static string Db(double value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);
}
