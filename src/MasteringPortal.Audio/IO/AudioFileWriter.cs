namespace MasteringPortal.Audio.IO;

/// <summary>
/// Shared machinery of the WAV and AIFF writers: samples go to a temporary file beside the target,
/// and only <see cref="Complete"/> finalises the header and renames it into place (rename(2) is atomic
/// on one file system), so a failed or cancelled render never leaves a half file under the final name.
/// Disposing without Complete deletes the temporary file.
/// Samples are quantised by <see cref="SampleQuantiser"/>: plain rounding and clipping, no dither
/// (the render engine dithers before handing samples over).
/// </summary>
public abstract class AudioFileWriter : IDisposable
{
    private const int BufferFrames = 4096;
    private readonly byte[] _buffer;
    private readonly SampleLayout _layout;
    private bool _completed;
    private bool _disposed;

    protected AudioFileWriter(string path, PcmWriteFormat format, SampleLayout layout)
    {
        Path = System.IO.Path.GetFullPath(path);
        Format = format;
        _layout = layout;
        _buffer = new byte[BufferFrames * format.BlockAlignBytes];
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        TempPath = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.partial");
        Stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024);
    }

    /// <summary>The final path, which exists only after <see cref="Complete"/>.</summary>
    public string Path { get; }

    /// <summary>Where the samples go until completion.</summary>
    public string TempPath { get; }

    public PcmWriteFormat Format { get; }

    public long FramesWritten { get; private set; }

    protected FileStream Stream { get; }

    protected long DataBytes => FramesWritten * Format.BlockAlignBytes;

    /// <summary>Appends interleaved float frames (length a multiple of the channel count).</summary>
    public void Write(ReadOnlySpan<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        var channels = Format.Channels;
        if (interleaved.Length % channels != 0)
            throw new ArgumentException($"The sample count {interleaved.Length} is not a whole number of {channels}-channel frames.", nameof(interleaved));
        var bytesPerSample = Format.BytesPerSample;
        while (!interleaved.IsEmpty)
        {
            var frames = Math.Min(interleaved.Length / channels, BufferFrames);
            var samples = frames * channels;
            CheckCapacity(DataBytes + (long)samples * bytesPerSample);
            SampleQuantiser.Encode(interleaved[..samples], _layout, _buffer);
            Stream.Write(_buffer, 0, samples * bytesPerSample);
            FramesWritten += frames;
            interleaved = interleaved[samples..];
        }
    }

    /// <summary>Finalises the header, flushes to disk and renames the file to <see cref="Path"/>.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed || _completed, this);
        FinishHeader();
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(TempPath, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Throws before a write would exceed what the format can hold.</summary>
    protected virtual void CheckCapacity(long dataBytesAfterWrite) { }

    /// <summary>Writes the final sizes (and any padding) once all samples are in.</summary>
    protected abstract void FinishHeader();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_completed) return;
        Stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }
}
