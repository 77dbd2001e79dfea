using MasteringPortal.Audio.Codecs;

namespace MasteringPortal.Audio.IO;

/// <summary>
/// The one door into audio files. Recognises the content by its magic bytes (never the extension),
/// streams WAV/RF64/BW64 and AIFF/AIFF-C itself, and hands every other audio format to ffmpeg.
/// Every refusal is an <see cref="AudioFileException"/> with a message for a musician.
/// </summary>
public static class AudioFile
{
    /// <summary>Opens a file for streaming as interleaved float. The caller disposes the source.</summary>
    /// <param name="tools">The ffmpeg for formats other than WAV and AIFF (<see cref="AudioTools.None"/>: those only).</param>
    public static IAudioSource OpenRead(string path, AudioTools tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var stream = OpenStream(path);
        try
        {
            var sniff = SniffStream(stream);
            switch (sniff.Kind)
            {
                case SniffedKind.Wav:
                case SniffedKind.Aiff:
                {
                    var parsed = sniff.Kind == SniffedKind.Wav ? WavParser.Parse(stream) : AiffParser.Parse(stream);
                    if (parsed.Layout is { } layout) return new PcmFileSource(stream, layout, ownsStream: true);
                    stream.Dispose();
                    return FfmpegDecoder.Open(path, parsed.CompressedCodec!, tools);
                }
                case SniffedKind.Unknown:
                    stream.Dispose();
                    return UnknownThroughFfmpeg(() => FfmpegDecoder.Open(path, "audio", tools), tools);
                default:
                    stream.Dispose();
                    RefuseNonAudio(sniff);
                    return FfmpegDecoder.Open(path, sniff.FormatName, tools);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an uncompressed (WAV/AIFF) file held in a seekable stream, e.g. an upload being checked
    /// before it is stored. Compressed formats need a file on disk for ffmpeg and are refused here.
    /// </summary>
    public static IAudioSource OpenRead(Stream stream, bool leaveOpen = false)
    {
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        var sniff = SniffStream(stream);
        if (sniff.Kind is SniffedKind.Wav or SniffedKind.Aiff)
        {
            var parsed = sniff.Kind == SniffedKind.Wav ? WavParser.Parse(stream) : AiffParser.Parse(stream);
            if (parsed.Layout is { } layout) return new PcmFileSource(stream, layout, ownsStream: !leaveOpen);
            throw AudioMessages.NeedsFfmpeg(parsed.CompressedCodec!);
        }
        RefuseNonAudio(sniff);
        if (sniff.Kind == SniffedKind.Unknown) throw AudioMessages.Unrecognised();
        throw AudioMessages.NeedsFfmpeg(sniff.FormatName);
    }

    /// <summary>Format, length and broadcast-wave metadata, without decoding the audio.</summary>
    public static AudioFileInfo Probe(string path, AudioTools tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        SniffResult sniff;
        WavParseResult? parsed = null;
        using (var stream = OpenStream(path))
        {
            sniff = SniffStream(stream);
            if (sniff.Kind == SniffedKind.Wav) parsed = WavParser.Parse(stream);
            else if (sniff.Kind == SniffedKind.Aiff) parsed = AiffParser.Parse(stream);
        }
        if (parsed?.Layout is { } layout) return layout.ToInfo();
        if (parsed is null) RefuseNonAudio(sniff);
        if (parsed is null && sniff.Kind == SniffedKind.Unknown)
            return UnknownThroughFfmpeg(() => FfmpegProbe.Probe(path, "audio", tools), tools);
        return FfmpegProbe.Probe(path, parsed?.CompressedCodec ?? sniff.FormatName, tools);
    }

    /// <summary>Probe for a seekable stream holding a WAV or AIFF file.</summary>
    public static AudioFileInfo Probe(Stream stream)
    {
        var sniff = SniffStream(stream);
        if (sniff.Kind is SniffedKind.Wav or SniffedKind.Aiff)
        {
            var parsed = sniff.Kind == SniffedKind.Wav ? WavParser.Parse(stream) : AiffParser.Parse(stream);
            if (parsed.Layout is { } layout) return layout.ToInfo();
            throw AudioMessages.NeedsFfmpeg(parsed.CompressedCodec!);
        }
        RefuseNonAudio(sniff);
        if (sniff.Kind == SniffedKind.Unknown) throw AudioMessages.Unrecognised();
        throw AudioMessages.NeedsFfmpeg(sniff.FormatName);
    }

    private static void RefuseNonAudio(SniffResult sniff)
    {
        if (sniff.Kind == SniffedKind.Empty) throw AudioMessages.Empty();
        if (sniff.Kind == SniffedKind.NotAudio) throw AudioMessages.NotAudio(sniff.FormatName);
    }

    /// <summary>No signature we know: ffmpeg may still recognise it; if not (or absent), say we do not.</summary>
    private static T UnknownThroughFfmpeg<T>(Func<T> viaFfmpeg, AudioTools tools)
    {
        if (tools.FfmpegPath is null) throw AudioMessages.Unrecognised();
        try
        {
            return viaFfmpeg();
        }
        catch (AudioFileException e)
        {
            throw new AudioFileException(AudioMessages.Unrecognised().Message, e);
        }
    }

    private static SniffResult SniffStream(Stream stream)
    {
        Span<byte> head = stackalloc byte[FormatSniffer.HeadBytes];
        StreamReading.Seek(stream, 0);
        var n = StreamReading.ReadUpTo(stream, head);
        return FormatSniffer.Sniff(head[..n]);
    }

    private static FileStream OpenStream(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw AudioMessages.CannotOpen(path, e);
        }
    }
}
