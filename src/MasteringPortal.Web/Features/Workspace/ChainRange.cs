using System.Globalization;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>
/// The allowed span of one chain parameter, with its unit and the step its field moves by. The bounds are
/// those of <see cref="RenderSettingsValidator"/> and the Dsp settings records' own checks (the Audio library
/// keeps them inline, so they are restated here; the validator stays the judge and its messages are shown).
/// </summary>
public sealed record ChainRange(double Min, double Max, double Step, string Unit)
{
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <summary>"-80 … +20 dB", the way the validator writes a range.</summary>
    public string Describe() => Unit switch
    {
        "dB" or "dBTP" or "LUFS" => $"{Signed(Min)} … {Signed(Max)} {Unit}",
        ":1" => $"{Plain(Min)}:1 … {Plain(Max)}:1",
        "" => $"{Plain(Min)} … {Plain(Max)}",
        _ => $"{Plain(Min)} … {Plain(Max)} {Unit}",
    };

    public static string Plain(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Signed(double value) => value.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);

    /// <summary>"120 Hz", "2.5 kHz".</summary>
    public static string Frequency(double hz) =>
        hz >= 1000 ? $"{Plain(Math.Round(hz / 1000, 2))} kHz" : $"{Plain(Math.Round(hz, 1))} Hz";
}

/// <summary>The ranges of every parameter the chain editor shows.</summary>
public static class ChainRanges
{
    public static readonly ChainRange InputGain = new(-24, 24, 0.1, "dB");

    public static readonly ChainRange EqGain = new(-24, 24, 0.1, "dB");
    public static readonly ChainRange EqQ = new(0.1, 40, 0.01, "");

    public static readonly ChainRange Threshold = new(-80, 20, 0.5, "dB");
    public static readonly ChainRange Ratio = new(1, 100, 0.1, ":1");
    public static readonly ChainRange Knee = new(0, 40, 0.5, "dB");
    public static readonly ChainRange Attack = new(0.01, 1000, 0.1, "ms");
    public static readonly ChainRange Release = new(1, 10000, 1, "ms");
    public static readonly ChainRange StereoLink = new(0, 100, 1, "%");
    public static readonly ChainRange Makeup = new(-24, 40, 0.1, "dB");

    public static readonly ChainRange Drive = new(0, 36, 0.1, "dB");
    public static readonly ChainRange Mix = new(0, 100, 1, "%");

    public static readonly ChainRange ClipLevel = new(-6, 12, 0.1, "dB");
    public static readonly ChainRange ClipKnee = new(0, 6, 0.1, "dB");

    public static readonly ChainRange Width = new(0, 2, 0.01, "×");
    public static readonly ChainRange MonoBelow = new(1, 1000, 1, "Hz");

    public static readonly ChainRange Ceiling = new(-20, 0, 0.1, "dBTP");
    public static readonly ChainRange Lookahead = new(0.5, 10, 0.1, "ms");
    public static readonly ChainRange LimiterRelease = new(1, 2000, 1, "ms");
    public static readonly ChainRange DetectorMargin = new(0, 3, 0.1, "dB");

    public static readonly ChainRange CustomLufs = new(-36, -5, 0.1, "LUFS");

    /// <summary>Butterworth slopes the filters offer: orders 1 to 8.</summary>
    public static readonly IReadOnlyList<int> SlopesDbPerOct = [6, 12, 18, 24, 30, 36, 42, 48];

    /// <summary>The rate band frequencies are checked against: the mix's, or the validator's strictest default.</summary>
    public static int RateHz(int? mixSampleRateHz) => mixSampleRateHz ?? RenderSettingsValidator.DefaultSampleRateHz;

    /// <summary>Highest frequency a filter, band or crossover may take: just below half the sample rate.</summary>
    static double BelowNyquist(int rateHz) => Math.Floor(rateHz / 2.0) - 1;

    /// <summary>Filter cutoffs and EQ bands: 10 Hz up to just below Nyquist.</summary>
    public static ChainRange FilterFrequency(int rateHz) => new(10, BelowNyquist(rateHz), 1, "Hz");

    /// <summary>Crossovers must only lie above 0 Hz and below Nyquist (and rise from band to band).</summary>
    public static ChainRange Crossover(int rateHz) => new(1, BelowNyquist(rateHz), 1, "Hz");

    /// <summary>Side-chain high-pass: 0 = off, otherwise below Nyquist.</summary>
    public static ChainRange SidechainHighPass(int rateHz) => new(0, BelowNyquist(rateHz), 1, "Hz");

    /// <summary>The slow release stage may not be faster than the fast one.</summary>
    public static ChainRange SustainedRelease(double releaseMs) => new(Math.Max(1, releaseMs), 10000, 1, "ms");
}
