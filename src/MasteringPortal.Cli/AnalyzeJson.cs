using MasteringPortal.Audio.IO;
using System.Buffers;
using System.Text;
using System.Text.Json;
using MasteringPortal.Audio.Analysis;

namespace MasteringPortal.Cli;

/// <summary>
/// Writes the `--json` object: the file name, then <see cref="IntakeAnalysis"/> as System.Text.Json serialises
/// it (<see cref="IntakeAnalysis.WriteJson"/>, whose object is spliced in after the name: a JSON DOM of it cost a
/// process about 0.1 s of CPU), then the waveforms. The waveform arrays (millions of numbers for an hour of audio)
/// are streamed value by value and flushed every 64 kB, so printing them costs no more memory than holding them;
/// building a JSON DOM of them would cost some 50 bytes per number.
/// </summary>
public static class AnalyzeJson
{
    private const int FlushBytes = 64 * 1024;

    public static void Write(TextWriter output, string fileName, IntakeAnalysis analysis)
    {
        var summary = new ArrayBufferWriter<byte>(16 * 1024);
        using (var summaryWriter = new Utf8JsonWriter(summary)) (analysis with { Waveforms = null }).WriteJson(summaryWriter);
        var body = summary.WrittenSpan[1..^1]; // the summary's properties, without its braces

        using var stream = new TextWriterStream(output);
        using (var head = new Utf8JsonWriter(stream))
        {
            head.WriteStartObject();
            head.WriteString("file", fileName);
            head.Flush(); // "{"file":"…"" (the object stays open: the writer is dropped here)
        }
        if (!body.IsEmpty) { stream.Write(","u8); stream.Write(body); }
        if (analysis.Waveforms is { } waveforms)
        {
            stream.Write(",\"waveforms\":"u8);
            using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartArray();
            foreach (var peaks in waveforms) WriteWaveform(writer, peaks);
            writer.WriteEndArray();
            writer.Flush();
        }
        stream.Write("}"u8);
        output.WriteLine();
    }

    /// <summary>Field names and order of the audiowaveform JSON format (see <see cref="WaveformPeaks"/>).</summary>
    private static void WriteWaveform(Utf8JsonWriter writer, WaveformPeaks peaks)
    {
        writer.WriteStartObject();
        writer.WriteNumber("version", peaks.Version);
        writer.WriteNumber("channels", peaks.Channels);
        writer.WriteNumber("sample_rate", peaks.SampleRate);
        writer.WriteNumber("samples_per_pixel", peaks.SamplesPerPixel);
        writer.WriteNumber("bits", peaks.Bits);
        writer.WriteNumber("length", peaks.Length);
        writer.WriteStartArray("data");
        foreach (var value in peaks.Data)
        {
            writer.WriteNumberValue(value);
            if (writer.BytesPending > FlushBytes) writer.Flush();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Write-only stream that decodes UTF-8 into a TextWriter (stdout in the CLI, a StringWriter in tests).</summary>
    private sealed class TextWriterStream(TextWriter output) : WriteOnlyStream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = new char[FlushBytes + 16];

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (_chars.Length < needed) _chars = new char[needed];
            var count = _decoder.GetChars(buffer, _chars, flush: false);
            output.Write(_chars, 0, count);
        }

        public override void Flush() => output.Flush();
    }
}
