namespace MasteringPortal.Audio.Render;

/// <summary>
/// The warning a render gives when the clipper and limiter had to work past what stays clean, in a musician's
/// words, with the target that would have stayed clean. The thresholds come from the measurements in
/// docs/RENDER-SETTINGS.md (dense material, -12 to -7 LUFS).
/// </summary>
public static class LoudnessAdvice
{
    /// <summary>
    /// Added THD+N over the loud passages above which the master is called distorted: the limiter alone on dense
    /// material reaches -30.5 dB at -9 LUFS (12 dB of gain reduction), the most it does before it flattens out.
    /// </summary>
    public const double AudibleThdPlusNoiseDb = -30;

    /// <summary>Above this the clipping is plainly heard as crunch on every hit (dense material at -7 LUFS: -19.5 dB).</summary>
    public const double HardThdPlusNoiseDb = -22;

    /// <summary>Loudness given up per dB of excess distortion, LU/dB: the slope between -9 and -7 LUFS on dense material.</summary>
    public const double LuPerDbOfDistortion = 0.18;

    public static string? Warning(RenderSettings settings, RenderDistortion? distortion, double? masterLufs)
    {
        if (distortion?.AddedThdPlusNoiseDb is not { } thd || thd <= AudibleThdPlusNoiseDb || masterLufs is not { } lufs) return null;
        var target = settings.Loudness?.TargetLufs ?? lufs;
        // From where the master landed (the target, or short of it when it could not be reached), to the half LU below.
        var clean = Math.Floor((Math.Min(target, lufs) - (thd - AudibleThdPlusNoiseDb) * LuPerDbOfDistortion) * 2) / 2;
        var how = distortion.ClipperUsed ? "clipped" : "limited";
        var hard = thd > HardThdPlusNoiseDb;
        var lead = hard ? $"the master is {how} hard: expect audible distortion on drums and vocals" : $"the master is {how} into audible distortion on the loudest hits";
        return $"To reach {RenderSettingsValidator.Db(target)} LUFS {lead} (distortion {thd:0} dB under the music on the loud passages). " +
            $"A target of {RenderSettingsValidator.Db(clean)} LUFS would keep it clean.";
    }
}
