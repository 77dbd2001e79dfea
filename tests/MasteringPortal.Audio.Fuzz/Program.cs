using MasteringPortal.Audio.Fuzz;

// Modes:
//   (no arguments)             AFL mode: SharpFuzz out-of-process loop, driven by afl-fuzz.
//   --make-seeds DIR           write tiny valid WAV/AIFF files to DIR (the AFL seed corpus).
//   --replay DIR               run every file in DIR once; exit 1 on a crash or hang.
//   --mutate N --seed S [--seconds T] [--crashes DIR]
//                              N in-process random mutations of the seeds (stopping early after T
//                              seconds); exit 1 on a crash or hang, saving the offending input to DIR.
// A crash is any exception other than AudioFileException, or an allocation out of proportion to the
// input; a hang is one input taking longer than HangSeconds.
const int HangSeconds = 10;

// MP_FUZZ_SELFTEST=1 plants a fake bug (odd-length inputs throw; every seed has even length) so that
// CI can prove scripts/fuzz.sh really reports crashes: `MP_FUZZ_SELFTEST=1 scripts/fuzz.sh 30` must fail.
var selfTest = Environment.GetEnvironmentVariable("MP_FUZZ_SELFTEST") == "1";

if (args.Length == 0)
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        if (selfTest && ms.Length % 2 == 1) throw new InvalidOperationException("planted self-test crash");
        ReaderTarget.Run(ms.GetBuffer().AsSpan(0, (int)ms.Length));
    });
    return 0;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

if (Arg("--make-seeds") is { } seedDir)
{
    Directory.CreateDirectory(seedDir);
    foreach (var (name, bytes) in Seeds.Make()) File.WriteAllBytes(Path.Combine(seedDir, name), bytes);
    Console.WriteLine($"wrote {Seeds.Make().Count} seeds to {seedDir}");
    return 0;
}

if (Arg("--replay") is { } replayDir)
{
    var files = Directory.EnumerateFiles(replayDir, "*", SearchOption.TopDirectoryOnly).Order().ToArray();
    var failures = 0;
    foreach (var file in files)
        if (!Check(File.ReadAllBytes(file), file, crashDir: null)) failures++;
    Console.WriteLine($"replayed {files.Length} inputs: {failures} crash(es)");
    return failures == 0 ? 0 : 1;
}

if (Arg("--mutate") is { } countText)
{
    var count = int.Parse(countText);
    var seed = int.Parse(Arg("--seed") ?? "1");
    var crashDir = Arg("--crashes");
    var deadline = Arg("--seconds") is { } secs ? DateTime.UtcNow.AddSeconds(double.Parse(secs)) : DateTime.MaxValue;
    var seeds = Seeds.Make();
    var mutator = new Mutator(seed);
    var rng = new Random(seed);
    var crashes = 0;
    foreach (var (name, bytes) in seeds)
        if (!Check(bytes, name, crashDir)) crashes++;
    var done = 0;
    for (var i = 0; i < count && crashes < 10 && DateTime.UtcNow < deadline; i++, done++)
    {
        var (name, bytes) = seeds[rng.Next(seeds.Count)];
        var input = mutator.Mutate(bytes);
        if (!Check(input, $"{name}#mutation{i}", crashDir)) crashes++;
    }
    Console.WriteLine($"mutate: {done} mutations of {seeds.Count} seeds (seed {seed}): {crashes} crash(es)");
    return crashes == 0 ? 0 : 1;
}

Console.Error.WriteLine("usage: fuzz [--make-seeds DIR | --replay DIR | --mutate N --seed S [--crashes DIR]]");
return 2;

bool Check(byte[] input, string label, string? crashDir)
{
    Exception? failure = null;
    var task = Task.Run(() =>
    {
        try
        {
            if (selfTest && input.Length % 2 == 1) throw new InvalidOperationException("planted self-test crash");
            ReaderTarget.Run(input);
        }
        catch (Exception e) { failure = e; }
    });
    if (!task.Wait(TimeSpan.FromSeconds(HangSeconds)))
        failure = new TimeoutException($"hang: no result after {HangSeconds} s");
    if (failure is null) return true;
    Console.Error.WriteLine($"CRASH {label}: {failure.GetType().Name}: {failure.Message}");
    Console.Error.WriteLine(failure.StackTrace);
    if (crashDir is not null)
    {
        Directory.CreateDirectory(crashDir);
        File.WriteAllBytes(Path.Combine(crashDir, $"crash-{Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(input))[..16]}.bin"), input);
    }
    return false;
}
