namespace MasteringPortal.Audio.IO;

/// <summary>
/// A read-only, forward view of <c>length</c> bytes of a seekable stream from <c>offset</c>: a WAV's sample data read
/// as a file of its own (a DDP image's IMAGE.DAT is exactly a CD WAV's data chunk). Reading past the window ends it;
/// a source shorter than the window is an error, never a short file passed on in silence.
/// </summary>
public sealed class StreamWindow : Stream
{
    readonly Stream inner;
    readonly bool ownsInner;
    readonly long length;
    long position;

    public StreamWindow(Stream inner, long offset, long length, bool ownsInner = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!inner.CanSeek) throw new ArgumentException("The stream under a window must be seekable.", nameof(inner));
        inner.Seek(offset, SeekOrigin.Begin);
        (this.inner, this.length, this.ownsInner) = (inner, length, ownsInner);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0) return 0;
        var read = inner.Read(buffer[..wanted]);
        return Advance(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0) return 0;
        var read = await inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Advance(int read)
    {
        if (read == 0) throw new EndOfStreamException($"The file ended {length - position} bytes before the end of its audio.");
        position += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInner) inner.Dispose();
        base.Dispose(disposing);
    }
}
