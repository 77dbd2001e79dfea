namespace MasteringPortal.Audio.IO;

/// <summary>
/// Where the sample data of an uncompressed file lies and how it is stored: the result of parsing a
/// WAV or AIFF header. DataOffsetBytes/LengthFrames describe only audio that is really present and was
/// declared (truncated files are refused before a layout is returned).
/// </summary>
internal sealed record PcmStreamLayout(
    AudioFormat Format,
    SampleLayout Layout,
    long DataOffsetBytes,
    long LengthFrames,
    BextChunk? Bext,
    uint? ChannelMask)
{
    public int BlockAlignBytes => Layout.BytesPerSample() * Format.Channels;

    public AudioFileInfo ToInfo() => new(Format, LengthFrames, Bext, ChannelMask);
}
