using MasteringPortal.Testing;
using MasteringPortal.Testing.UploadFuzzing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteringPortal.Uploads.Fuzz;


// Modes:
//   (no arguments)          AFL mode: the portal starts in memory once, then SharpFuzz's in-process loop runs each
//                           input afl-fuzz sends as a sequence of upload requests.
//   --make-seeds DIR        write the seed inputs to DIR (a valid upload, a damaged one, a few random ones).
//   --replay DIR            run every file in DIR once; exit 1 on a violation.
//   --random N --seed S     N pseudo-random inputs; exit 1 on a violation.
// A violation (a crash, for AFL) is a 5xx, a 4xx without its message, or a stored file that changed.

/// <summary>
/// Not top-level statements: those would make a class named Program here, and the portal's factory
/// (<c>WebApplicationFactory&lt;Program&gt;</c>) would start this program instead of the portal.
/// </summary>
public static class UploadFuzzProgram
{
    public static async Task<int> Main(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

        if (Arg("--make-seeds") is { } seedDir)
        {
            Directory.CreateDirectory(seedDir);
            foreach (var (name, bytes) in UploadFuzzSeeds.All()) File.WriteAllBytes(Path.Combine(seedDir, name), bytes);
            Console.WriteLine($"wrote {UploadFuzzSeeds.All().Count} seeds to {seedDir}");
            return 0;
        }

        // The instrumented portal records coverage from its first line, before SharpFuzz's loop maps AFL's shared memory:
        // until then it writes into a scratch map of AFL's size (the loop points it at the real one).
        unsafe { SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16); }
        // One portal per process: a seed template (made by a second portal) would only add to its start.
        using var portal = new PortalFactory(seedDemo: true) { UseSeedTemplate = false };
        foreach (var (key, value) in UploadFuzzSettings.Lifted) portal.Settings[key] = value;
        portal.Settings["Logging:LogLevel:Default"] = "Error"; // afl-fuzz reads nothing of it; the console would only slow each run
        var services = portal.Services;
        var before = await StoredFiles.ReadAsync(services);
        var fuzzer = new UploadProtocolFuzzer(await FuzzTargets.PrepareAsync(services,
            () => portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));

        if (args.Length == 0)
        {
            var runs = 0;
            SharpFuzz.Fuzzer.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var violations = fuzzer.RunAsync(copy.ToArray()).GetAwaiter().GetResult().ToList();
                // Every stored file's rows and lengths after each input; the bytes themselves every 200 inputs (hashing is slow).
                violations.AddRange(StoredFiles.ChangesSinceAsync(before, services, hashAll: ++runs % 200 == 0).GetAwaiter().GetResult());
                if (violations.Count > 0) throw new InvalidOperationException("upload protocol violation:\n" + string.Join("\n", violations));
            });
            return 0;
        }

        var inputs = new List<(string Name, byte[] Bytes)>();
        if (Arg("--replay") is { } replayDir)
            inputs.AddRange(Directory.EnumerateFiles(replayDir).Order().Select(f => (f, File.ReadAllBytes(f))));
        else if (Arg("--random") is { } countText)
        {
            var random = new Random(int.Parse(Arg("--seed") ?? "1"));
            for (var i = 0; i < int.Parse(countText); i++)
            {
                var bytes = new byte[random.Next(0, 160)];
                random.NextBytes(bytes);
                inputs.Add(($"random #{i}", bytes));
            }
        }
        else
        {
            Console.Error.WriteLine("usage: fuzz [--make-seeds DIR | --replay DIR | --random N --seed S]");
            return 2;
        }

        var failures = 0;
        foreach (var (name, bytes) in inputs)
        {
            var violations = await fuzzer.RunAsync(bytes);
            if (violations.Count == 0) continue;
            failures++;
            Console.Error.WriteLine($"VIOLATION {name}:\n  " + string.Join("\n  ", violations));
        }
        var changes = await StoredFiles.ChangesSinceAsync(before, services, hashAll: true);
        foreach (var change in changes) Console.Error.WriteLine("STORED FILE CHANGED: " + change);
        Console.WriteLine($"ran {inputs.Count} inputs: {failures} with violations, {changes.Count} stored-file changes; answers "
            + string.Join(", ", fuzzer.Statuses.Select(s => $"{s.Key}×{s.Value}")));
        return failures == 0 && changes.Count == 0 ? 0 : 1;
    }
}
