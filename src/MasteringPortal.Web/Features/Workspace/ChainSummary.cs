using System.Globalization;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>A revision's render settings in one line, as an engineer would say them: "Spotify -14 LUFS · ceiling -1.0 dBTP · EQ · compressor · 24-bit".</summary>
public static class ChainSummary
{
    public static string Of(RenderSettings s)
    {
        var parts = new List<string>();
        parts.Add(s.Loudness switch
        {
            null => "no loudness target",
            { CustomLufs: { } lufs } => $"{Number(lufs)} LUFS",
            { Platform: { } p } => $"{PlatformName(p)} {Number(LoudnessTarget.PlatformLufs(p))} LUFS",
            var t => $"{Number(t.TargetLufs)} LUFS",
        });
        if (s.Limiter.Enabled) parts.Add($"ceiling {Number(s.Limiter.Settings.CeilingDbtp)} dBTP");
        if (s.Eq.Enabled) parts.Add(s.Eq.LinearPhase ? "linear-phase EQ" : "EQ");
        if (s.Compressor.Enabled) parts.Add("compressor");
        if (s.Multiband.Enabled) parts.Add("multiband");
        if (s.Saturation.Enabled) parts.Add("saturation");
        if (s.Imager.Enabled) parts.Add("imager");
        if (s.Clipper.Enabled) parts.Add("clipper");
        parts.Add(s.Output.BitDepth == 32 ? "32-bit float" : $"{s.Output.BitDepth}-bit");
        if (s.Output.SampleRateHz is { } rate) parts.Add($"{(rate / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)} kHz");
        return string.Join(" · ", parts);
    }

    public static string PlatformName(StreamingPlatform p) => p switch
    {
        StreamingPlatform.AppleMusic => "Apple Music",
        StreamingPlatform.AmazonMusic => "Amazon Music",
        _ => p.ToString(),
    };

    static string Number(double v) => Intake.Levels.Number(v);
}
