namespace MasteringPortal.Audio.Render;

[Flags]
public enum Deliverables
{
    /// <summary>The master: WAV at the session (or chosen) rate and bit depth, bext loudness fields filled.</summary>
    Wav24 = 1,
    /// <summary>16-bit 44.1 kHz dithered WAV (CD / distribution).</summary>
    Wav16 = 2,
    /// <summary>MP3 320 kb/s CBR.</summary>
    Mp3 = 4,
    /// <summary>AAC 256 kb/s in M4A.</summary>
    Aac = 8,
    /// <summary>FLAC of the master, lossless: the same rate and samples as the master WAV (a 32-bit float master is
    /// written as 24-bit FLAC, which holds no float).</summary>
    Flac = 16,
    All = Wav24 | Wav16 | Mp3 | Aac | Flac,
}

/// <summary>Where a render writes and which files it makes. Names: BASE.wav, BASE-16bit-44k1.wav, BASE.mp3, BASE.m4a, BASE.flac.</summary>
public sealed record RenderOutputs(string Directory, string BaseName, Deliverables Deliverables = Deliverables.Wav24)
{
    public string MasterPath => Path.Combine(Directory, BaseName + ".wav");
    public string Wav16Path => Path.Combine(Directory, BaseName + "-16bit-44k1.wav");
    public string Mp3Path => Path.Combine(Directory, BaseName + ".mp3");
    public string AacPath => Path.Combine(Directory, BaseName + ".m4a");
    public string FlacPath => Path.Combine(Directory, BaseName + ".flac");
}

/// <summary>One file a render wrote, with its own measurement (BS.1770-4 integrated loudness and true peak).</summary>
public sealed record RenderedFile(Deliverables Kind, string Path, double? IntegratedLufs, double TruePeakDbtp);

/// <summary>What a render achieved, measured on the master as written.</summary>
public sealed record RenderResult(
    double? IntegratedLufs,
    double? LoudnessRangeLu,
    double TruePeakDbtp,
    double LoudnessGainDb,
    TimeSpan RenderTime,
    IReadOnlyList<RenderedFile> Files,
    IReadOnlyList<string> Warnings,
    RenderDistortion? Distortion = null);
