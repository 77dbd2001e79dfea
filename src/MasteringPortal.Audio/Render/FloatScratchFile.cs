using System.Runtime.InteropServices;

namespace MasteringPortal.Audio.Render;

/// <summary>
/// The pre-limiter signal kept between the tone pass and the output passes: raw interleaved 32-bit floats
/// in the render's temporary folder. No header, no sample conversion and no flush to disk, since it never
/// outlives the render (a WAV writer would convert every sample and force the whole file to disk).
/// </summary>
internal static class FloatScratchFile
{
    public sealed class Writer(string path) : IDisposable
    {
        private readonly FileStream _stream = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);

        public void Write(ReadOnlySpan<float> interleaved) => _stream.Write(MemoryMarshal.AsBytes(interleaved));

        public void Dispose() => _stream.Dispose();
    }

    /// <summary>Reads the file back as an <see cref="IAudioSource"/> of the given rate and channel count.</summary>
    public sealed class Reader : IAudioSource
    {
        private readonly FileStream _stream;

        public Reader(string path, int sampleRateHz, int channels)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            Format = new AudioFormat(sampleRateHz, channels, 32, SampleEncoding.Float, "raw");
            LengthFrames = _stream.Length / (sizeof(float) * channels);
        }

        public AudioFormat Format { get; }

        public long? LengthFrames { get; }

        public int Read(Span<float> interleaved)
        {
            var frameBytes = sizeof(float) * Format.Channels;
            var bytes = MemoryMarshal.AsBytes(interleaved);
            var read = _stream.ReadAtLeast(bytes[..(bytes.Length / frameBytes * frameBytes)], bytes.Length / frameBytes * frameBytes, throwOnEndOfStream: false);
            return read / frameBytes;
        }

        public void Dispose() => _stream.Dispose();
    }
}
