using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// The engineer's own file for one format of an uploaded master's revision: which formats can be given, which file
/// names and contents each takes (a 16-bit CD file must really be 16-bit 44.1 kHz PCM WAV; an MP3 an MP3).
/// </summary>
public static class DeliverableUploads
{
    static readonly Dictionary<string, (DeliveryFormats Format, string[] Extensions, string InWords)> Formats = new()
    {
        ["wav16"] = (DeliveryFormats.Wav16, [".wav", ".wave"], "a 16-bit 44.1 kHz WAV"),
        ["mp3"] = (DeliveryFormats.Mp3, [".mp3"], "an MP3"),
        ["aac"] = (DeliveryFormats.Aac, [".m4a", ".aac", ".mp4"], "an AAC (M4A) file"),
    };

    /// <summary>"wav16", "mp3" or "aac"; anything else is not a format an engineer's own file can stand for.</summary>
    public static bool TryParse(string? text, out string deliverable, out DeliveryFormats format)
    {
        deliverable = (text ?? "").Trim().ToLowerInvariant();
        format = Formats.TryGetValue(deliverable, out var f) ? f.Format : DeliveryFormats.None;
        return format != DeliveryFormats.None;
    }

    /// <summary>Why this file name cannot be that format's file; null when it can.</summary>
    public static string? WhyNotName(string deliverable, string fileName) =>
        Formats[deliverable].Extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant())
            ? null
            : $"\"{fileName}\" does not look like {Formats[deliverable].InWords}. Please choose {Formats[deliverable].InWords}.";

    /// <summary>Why the content is not that format's file (probed, never trusted from the name); null when it is.</summary>
    public static string? WhyNotContent(string deliverable, AudioFileInfo info)
    {
        var f = info.Format;
        var fits = deliverable switch
        {
            "wav16" => f.Container is "wav" && f.Encoding == Audio.SampleEncoding.Pcm && f.BitDepth == 16 && f.SampleRateHz == 44_100,
            "mp3" => f.Container == "mp3",
            "aac" => f.Container == "aac",
            _ => false,
        };
        return fits ? null : $"This file is not {Formats[deliverable].InWords}: it holds {Describe(info)}.";
    }

    static string Describe(AudioFileInfo info) => info.Format.IsLossy
        ? $"{info.Format.Container.ToUpperInvariant()} audio"
        : $"{info.Format.BitDepth}-bit {info.Format.SampleRateHz / 1000.0:0.#} kHz {info.Format.Container.ToUpperInvariant()} audio";
}
