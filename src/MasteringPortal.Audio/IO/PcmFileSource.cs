namespace MasteringPortal.Audio.IO;

/// <summary>
/// Streams the samples of an uncompressed file (WAV, RF64, AIFF) block by block: bytes are read into
/// one reused buffer and converted to float, so memory stays flat whatever the file's length.
/// </summary>
internal sealed class PcmFileSource : IAudioSource
{
    /// <summary>About 64 KiB per read: large enough for sequential throughput, small enough for cache.</summary>
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly PcmStreamLayout _layout;
    private readonly byte[] _buffer;
    private readonly int _blockAlign;
    private long _framesRead;

    public PcmFileSource(Stream stream, PcmStreamLayout layout, bool ownsStream)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _layout = layout;
        _blockAlign = layout.BlockAlignBytes;
        _buffer = new byte[Math.Max(_blockAlign, ReadBufferBytes / _blockAlign * _blockAlign)];
        StreamReading.Seek(stream, layout.DataOffsetBytes);
    }

    public AudioFormat Format => _layout.Format;

    public long? LengthFrames => _layout.LengthFrames;

    public int Read(Span<float> interleaved)
    {
        var channels = _layout.Format.Channels;
        var wanted = (int)Math.Min(interleaved.Length / channels, _layout.LengthFrames - _framesRead);
        var done = 0;
        while (done < wanted)
        {
            var frames = Math.Min(wanted - done, _buffer.Length / _blockAlign);
            var bytes = frames * _blockAlign;
            var got = StreamReading.ReadUpTo(_stream, _buffer.AsSpan(0, bytes));
            if (got < bytes)
            {
                // The file shrank after its header was checked (or the storage failed): never hand out a partial song.
                var present = _framesRead + done + got / _blockAlign;
                throw AudioMessages.EndsEarly(present, _layout.LengthFrames, _layout.Format.SampleRateHz);
            }
            SampleDecoder.Decode(_buffer.AsSpan(0, bytes), _layout.Layout, interleaved.Slice(done * channels, frames * channels));
            done += frames;
        }
        _framesRead += done;
        return done;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
