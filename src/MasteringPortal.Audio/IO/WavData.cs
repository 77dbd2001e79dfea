namespace MasteringPortal.Audio.IO;

/// <summary>Where a PCM WAV's samples lie in the file, for callers that copy them as bytes (a DDP image's IMAGE.DAT).</summary>
public static class WavData
{
    /// <summary>
    /// The offset and length in bytes of the sample data of the RIFF/RF64 WAV in <paramref name="seekable"/> (whole
    /// frames only), with its format. Throws <see cref="AudioFileException"/> for a damaged or compressed WAV.
    /// </summary>
    public static (long OffsetBytes, long LengthBytes, AudioFormat Format) Locate(Stream seekable)
    {
        var parsed = WavParser.Parse(seekable);
        var layout = parsed.Layout ?? throw new AudioFileException(
            $"This WAV holds {parsed.CompressedCodec ?? "compressed"} audio, not plain PCM samples.");
        return (layout.DataOffsetBytes, layout.LengthFrames * layout.BlockAlignBytes, layout.Format);
    }
}
