using System.Buffers.Binary;
using System.Diagnostics;
using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>The album used across the release tests, its synthetic audio, and the external tools they run.</summary>
internal static class ReleaseFixtures
{
    public const string Upc = "5012345678900";

    /// <summary>
    /// Three tracks, 21 s in all: track 1 after the disc's 2 s pause (5 s long), track 2 straight after it as a
    /// segue (index 00 = index 01) with an index 02 one second in (6 s), track 3 after a 3 s gap (5 s).
    /// Frames: T1 00 @0, 01 @150; T2 00=01 @525, 02 @600; T3 00 @975, 01 @1200; lead-out @1575.
    /// </summary>
    public static CdProgramme Album(bool extraIndex = true, bool text = true) => new(
        [
            new CdTrack(1, 0, 150, "GBABC2400001", text ? new CdTextFields("Café Olé", "The Example Band", Songwriter: "A. Writer") : null),
            new CdTrack(2, 525, 525, "GBABC2400002", text ? new CdTextFields("A Title Much Longer Than Twelve Characters", "The Example Band", Composer: "B. Composer") : null,
                extraIndex ? [600] : null),
            new CdTrack(3, 975, 1200, "GBABC2400003", text ? new CdTextFields("Three", Arranger: "C. Arranger", Message: "Hidden thanks") : null),
        ],
        1575, Upc, text ? new CdTextFields("Night Shifts", "The Example Band", Message: "Mastered in the test suite") : null);

    /// <summary>
    /// Deterministic pseudo-random 16-bit stereo PCM for <paramref name="frames"/> CD frames (sectors), little-endian,
    /// whose very first sample frame is left = 0x1234, right = -2, so the byte order can be checked by eye.
    /// </summary>
    public static byte[] Pcm(long frames, int seed = 20)
    {
        var bytes = new byte[frames * CdTime.BytesPerFrame];
        new Random(seed).NextBytes(bytes);
        BinaryPrimitives.WriteInt16LittleEndian(bytes, 0x1234);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), -2);
        return bytes;
    }

    /// <summary>A canonical 44-byte-header WAV (PCM, 44.1 kHz, 16-bit, stereo) around <paramref name="pcm"/>.</summary>
    public static void WriteWav(string path, byte[] pcm)
    {
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + pcm.Length));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), CdTime.SampleRateHz);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), CdTime.SampleRateHz * 4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)pcm.Length);
        using var file = File.Create(path);
        file.Write(header);
        file.Write(pcm);
    }

    /// <summary>
    /// Runs a command-line tool and returns its standard output. A missing tool fails the test, naming the Debian
    /// package that provides it (CI installs it; the check must not silently pass without it).
    /// </summary>
    public static (int ExitCode, string Output, string Error) Run(string tool, string debianPackage, string workingDirectory, params string[] args)
    {
        var path = FindOnPath(tool);
        if (path is null)
            Assert.Fail($"{tool} is not installed: install the Debian package {debianPackage} (apt-get install -y {debianPackage}); this test checks our output with it.");
        var psi = new ProcessStartInfo(path!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within 30 s.");
        }
        return (p.ExitCode, output, error.Result);
    }

    private static string? FindOnPath(string tool)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/bin", "/usr/local/bin"]);
        return dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }
}
