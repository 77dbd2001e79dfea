namespace MasteringPortal.Audio.Dsp.Dynamics;

/// <summary>
/// Bus compressor settings. Levels are sample-peak dBFS as seen by the detector (a sine peaking at
/// full scale reads 0 dB). Attack and release are the one-pole time constants of the gain in dB: after
/// a level step the gain covers 1 - 1/e (63.2 %) of its change in AttackMs / ReleaseMs (release counted
/// from the end of the detector's <see cref="PeakHoldMs"/> hold).
/// </summary>
public sealed record CompressorSettings
{
    /// <summary>Detector peak-hold window: a steady tone down to 50 Hz reads its true peak, ripple-free.</summary>
    public const double PeakHoldMs = 10;

    public double ThresholdDb { get; set; } = -18;

    /// <summary>Input dB over the threshold per output dB over it (1 = no compression).</summary>
    public double Ratio { get; set; } = 2;

    /// <summary>Width of the quadratic soft knee, centred on the threshold (0 = hard knee).</summary>
    public double KneeDb { get; set; } = 6;

    public double AttackMs { get; set; } = 10;

    public double ReleaseMs { get; set; } = 150;

    /// <summary>Butterworth 12 dB/oct high-pass on the detector only, so bass does not pump the mix; 0 = off.</summary>
    public double SidechainHighPassHz { get; set; }

    /// <summary>0 % = each channel compressed on its own level, 100 % = all channels on the loudest.</summary>
    public double StereoLinkPercent { get; set; } = 100;

    public double MakeupGainDb { get; set; }

    /// <summary>True when the compressor cannot change the signal (ratio 1, no make-up).</summary>
    public bool IsNeutral => Ratio == 1 && MakeupGainDb == 0;

    /// <summary>Throws with a message for the engineer when a value is outside its range.</summary>
    public void Validate(double sampleRateHz)
    {
        Check(ThresholdDb is >= -80 and <= 20, nameof(ThresholdDb), ThresholdDb, "The threshold must be between -80 and +20 dB.");
        Check(Ratio is >= 1 and <= 100, nameof(Ratio), Ratio, "The ratio must be between 1:1 and 100:1.");
        Check(KneeDb is >= 0 and <= 40, nameof(KneeDb), KneeDb, "The knee must be between 0 and 40 dB wide.");
        Check(AttackMs is >= 0.01 and <= 1000, nameof(AttackMs), AttackMs, "The attack must be between 0.01 and 1000 ms.");
        Check(ReleaseMs is >= 1 and <= 10000, nameof(ReleaseMs), ReleaseMs, "The release must be between 1 ms and 10 s.");
        Check(SidechainHighPassHz == 0 || (SidechainHighPassHz > 0 && SidechainHighPassHz < sampleRateHz / 2),
            nameof(SidechainHighPassHz), SidechainHighPassHz, "The side-chain high-pass must be off (0) or below half the sample rate.");
        Check(StereoLinkPercent is >= 0 and <= 100, nameof(StereoLinkPercent), StereoLinkPercent, "Stereo link must be between 0 and 100 %.");
        Check(MakeupGainDb is >= -24 and <= 40, nameof(MakeupGainDb), MakeupGainDb, "Make-up gain must be between -24 and +40 dB.");
    }

    private static void Check(bool ok, string name, double value, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, message);
    }
}
