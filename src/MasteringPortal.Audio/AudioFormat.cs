namespace MasteringPortal.Audio;

/// <summary>How the samples of a file are stored on disk (not how we process them: always float).</summary>
public enum SampleEncoding
{
    /// <summary>Signed integer PCM (8-bit WAV is unsigned on disk but reported here as PCM).</summary>
    Pcm,
    /// <summary>IEEE floating point (32 or 64 bit).</summary>
    Float,
    /// <summary>A lossy or lossless compressed format decoded through ffmpeg.</summary>
    Compressed,
}

/// <summary>The facts about an audio stream that every part of the engine needs.</summary>
/// <param name="SampleRateHz">Frames per second.</param>
/// <param name="Channels">Interleaved channel count (1 = mono, 2 = stereo, 6 = 5.1 in WAV order L R C LFE Ls Rs).</param>
/// <param name="BitDepth">Declared bits per sample on disk (16, 24, 32, 64); for compressed sources the decoder's nominal depth or 0.</param>
/// <param name="Encoding">PCM, float, or compressed.</param>
/// <param name="Container">Short lower-case name of the container or codec: "wav", "rf64", "aiff", "aifc", "mp3", "aac", "flac", …</param>
public sealed record AudioFormat(int SampleRateHz, int Channels, int BitDepth, SampleEncoding Encoding, string Container)
{
    /// <summary>True for codecs that throw information away (MP3, AAC, Vorbis, Opus).</summary>
    public bool IsLossy => Container is "mp3" or "aac" or "m4a" or "vorbis" or "ogg" or "opus";
}

/// <summary>
/// A stream of interleaved 32-bit float frames, read block by block so that memory does not grow with
/// the file's length. Full scale is ±1.0.
/// </summary>
public interface IAudioSource : IDisposable
{
    AudioFormat Format { get; }

    /// <summary>Total frames if the header states it (WAV, AIFF), or null when only decoding tells (ffmpeg).</summary>
    long? LengthFrames { get; }

    /// <summary>
    /// Fills <paramref name="interleaved"/> (its length a multiple of <see cref="AudioFormat.Channels"/>) and
    /// returns the number of whole frames read; 0 means the end of the stream.
    /// Throws <see cref="AudioFileException"/> when the file turns out to be damaged.
    /// </summary>
    int Read(Span<float> interleaved);
}

/// <summary>
/// A file the engine refuses, with a message written for a musician ("This file ends early: …"),
/// never a stack trace. The message is safe to show in the portal and to print from the CLI.
/// </summary>
public sealed class AudioFileException : Exception
{
    public AudioFileException(string message) : base(message) { }
    public AudioFileException(string message, Exception inner) : base(message, inner) { }
}
