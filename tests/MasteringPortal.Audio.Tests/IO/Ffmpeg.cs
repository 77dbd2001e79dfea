using System.Diagnostics;
using System.Runtime.InteropServices;
using MasteringPortal.Audio.Codecs;

namespace MasteringPortal.Audio.Tests.IO;

/// <summary>Runs the system ffmpeg as an independent reference in tests (skipped when it is missing).</summary>
internal static class Ffmpeg
{
    /// <summary>The tools on PATH, as the engine receives them in these tests.</summary>
    public static readonly AudioTools Tools = AudioTools.FromPath();
    public static readonly string? Path = Tools.FfmpegPath;
    public static readonly string? ProbePath = Tools.FfprobePath;
    public static bool Missing => Path is null || ProbePath is null;
    public const string MissingReason = "ffmpeg/ffprobe not installed (apt-get install ffmpeg)";

    public static void Run(params string[] args) => Exec(Path!, args);

    public static string Probe(string file, params string[] extra)
    {
        var args = new List<string> { "-v", "error" };
        args.AddRange(extra);
        args.Add(file);
        return Exec(ProbePath!, args.ToArray());
    }

    /// <summary>ffmpeg's own decode of a file to interleaved float.</summary>
    public static float[] DecodeF32(string file)
    {
        var tmp = System.IO.Path.GetTempFileName();
        try
        {
            Run("-y", "-v", "error", "-i", file, "-f", "f32le", "-c:a", "pcm_f32le", tmp);
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(tmp)).ToArray();
        }
        finally { File.Delete(tmp); }
    }

    /// <summary>ffmpeg's decode of several files in one process (process start-up dominates on a busy machine).</summary>
    public static float[][] DecodeManyF32(IReadOnlyList<string> files)
    {
        var outs = files.Select(_ => System.IO.Path.GetTempFileName()).ToArray();
        try
        {
            var args = new List<string> { "-y", "-v", "error" };
            foreach (var f in files) { args.Add("-i"); args.Add(f); }
            for (var i = 0; i < files.Count; i++)
                args.AddRange(["-map", $"{i}:a:0", "-f", "f32le", "-c:a", "pcm_f32le", outs[i]]);
            Run(args.ToArray());
            return outs.Select(o => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(o)).ToArray()).ToArray();
        }
        finally
        {
            foreach (var o in outs) File.Delete(o);
        }
    }

    private static string Exec(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed: {err.Result}");
        return output;
    }
}
