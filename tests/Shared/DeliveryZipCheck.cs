using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;
using Xunit;

namespace MasteringPortal.Testing;

/// <summary>
/// Reads a delivered ZIP as the label or the replication plant would: extracted to a folder, its DDP image read by our
/// reader (checksums, table of contents, ISRCs, CD-Text) and compared byte for byte with the CD WAV, its CUE sheet read by
/// Debian's cuebreakpoints, and the tags of its files read back by ffprobe.
/// </summary>
public sealed partial class DeliveryZipCheck : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("mp-delivery-check-").FullName;

    public IReadOnlyList<string> Entries { get; }

    public DeliveryZipCheck(byte[] zip) : this(new MemoryStream(zip)) { }

    /// <summary>The ZIP saved at <paramref name="zipPath"/> (a browser's download), read from disk.</summary>
    public DeliveryZipCheck(string zipPath) : this(File.OpenRead(zipPath)) { }

    DeliveryZipCheck(Stream zip)
    {
        using (zip)
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Read))
        {
            Entries = archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
            archive.ExtractToDirectory(Folder);
        }
    }

    public string PathOf(string entry) => Path.Combine(Folder, entry);

    public string Text(string entry) => File.ReadAllText(PathOf(entry));

    /// <summary>
    /// Reads the DDP image in <paramref name="ddpFolder"/> (checksums verified) and checks its IMAGE.DAT is the sample
    /// data of <paramref name="cdWav"/>, byte for byte: the programme re-assembled from the image is the CD WAV.
    /// </summary>
    public DdpImage ReadDdp(string ddpFolder, string cdWav)
    {
        var image = DdpReader.Read(PathOf(ddpFolder), verifyChecksums: true);
        using var wav = File.OpenRead(PathOf(cdWav));
        var (offset, length, format) = WavData.Locate(wav);
        Assert.Equal((44100, 2), (format.SampleRateHz, format.Channels));
        Assert.Equal(length, image.AudioLength);
        using var samples = new StreamWindow(wav, offset, length, ownsInner: false);
        using var audio = image.OpenAudio();
        var (a, b) = (new byte[1 << 16], new byte[1 << 16]);
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(a.Length, length - done);
            samples.ReadExactly(a.AsSpan(0, n));
            audio.ReadExactly(b.AsSpan(0, n));
            Assert.True(a.AsSpan(0, n).SequenceEqual(b.AsSpan(0, n)), $"IMAGE.DAT differs from the CD WAV's samples near byte {done}.");
            done += n;
        }
        return image;
    }

    /// <summary>The track starts (after the first) Debian's cuebreakpoints reads from a CUE sheet, in CD frames.</summary>
    public IReadOnlyList<long> CueBreakpoints(string cue)
    {
        var (code, output, error) = Run("cuebreakpoints", "cuetools", PathOf(cue));
        Assert.True(code == 0, $"cuebreakpoints refused the CUE sheet: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var m = Breakpoint().Match(line.Trim());
            Assert.True(m.Success, $"cuebreakpoints printed \"{line}\"");
            return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) * 75
                   + long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        }).ToList();
    }

    /// <summary>The tags ffprobe reads from a file (container and stream tags, keys in lower case).</summary>
    public IReadOnlyDictionary<string, string> Tags(string entry)
    {
        var (code, output, error) = Run("ffprobe", "ffmpeg", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", PathOf(entry));
        Assert.True(code == 0, $"ffprobe could not read {entry}: {error}");
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(output);
        void Add(JsonElement holder)
        {
            if (!holder.TryGetProperty("tags", out var found)) return;
            foreach (var p in found.EnumerateObject()) tags.TryAdd(p.Name.ToLowerInvariant(), p.Value.GetString() ?? "");
        }
        if (json.RootElement.TryGetProperty("format", out var format)) Add(format);
        if (json.RootElement.TryGetProperty("streams", out var streams))
            foreach (var s in streams.EnumerateArray()) Add(s);
        return tags;
    }

    static (int Code, string Output, string Error) Run(string tool, string debianPackage, params string[] args)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin"]).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        if (path is null) Assert.Fail($"{tool} is not installed: apt-get install -y {debianPackage} (test.sh does); this test checks the delivery with it.");
        var start = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within a minute.");
        }
        return (process.ExitCode, output, error.Result);
    }

    [GeneratedRegex(@"^(\d+):(\d\d)\.(\d\d)$")]
    private static partial Regex Breakpoint();

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
