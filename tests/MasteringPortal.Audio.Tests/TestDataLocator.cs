using Xunit.Sdk;

namespace MasteringPortal.Audio.Tests;

/// <summary>Finds the shared test data and decides what a missing file means; the environment is injected for its own tests.</summary>
public sealed class TestDataLocator
{
    private readonly Func<string, string?> _environment;

    public TestDataLocator(Func<string, string?> environment, string startDirectory)
    {
        _environment = environment;
        var configured = environment("MP_TESTDATA");
        Folder = !string.IsNullOrEmpty(configured) ? configured : BesideCheckout(startDirectory);
    }

    /// <summary>The folder the files are expected in (it may not exist).</summary>
    public string Folder { get; }

    /// <summary>CI sets CI=true; there every conformance case must run.</summary>
    public bool InCi => string.Equals(_environment("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file's path if it exists. Without the data folder the test is skipped (SkipException) with the reason,
    /// or fails under CI. A folder that is there but lacks the file fails everywhere: the copy is incomplete.
    /// </summary>
    public string Require(string set, string file)
    {
        var path = Path.Combine(Folder, set, file);
        if (File.Exists(path)) return path;
        var where = $"{path} is missing: the shared test data is expected in {Folder} " +
                    "(set MP_TESTDATA to the folder, or place ../shared/testdata beside the checkout)";
        if (InCi) throw new XunitException($"CI=true and {where}. The EBU/ITU conformance cases must run in CI.");
        if (Directory.Exists(Folder)) throw new XunitException($"The test data folder is incomplete: {where}.");
        throw new Xunit.SkipException(where);
    }

    /// <summary>
    /// A file of the real-music set (scripts/real-music.sh: game soundtracks from Debian's packages, fetched when the
    /// set is made, never committed) in $MP_REAL_MUSIC. Without the variable the test is skipped with the reason, or
    /// fails under CI (./test.sh makes the set); a folder that is there but lacks the file fails everywhere.
    /// </summary>
    public string RequireRealMusic(string file)
    {
        var folder = _environment("MP_REAL_MUSIC");
        if (string.IsNullOrEmpty(folder))
        {
            const string unset = "MP_REAL_MUSIC is not set: `scripts/real-music.sh DIR` makes the real-music set and " +
                                 "MP_REAL_MUSIC=DIR points the tests at it (./test.sh does both)";
            if (InCi) throw new XunitException($"CI=true and {unset}. The real-music cases must run in CI.");
            throw new Xunit.SkipException(unset);
        }
        var path = Path.Combine(folder, file);
        if (File.Exists(path)) return path;
        throw new XunitException($"{path} is missing: the real-music set in {folder} is incomplete (scripts/real-music.sh {folder} remakes it).");
    }

    private static string BesideCheckout(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MasteringPortal.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
        return Path.GetFullPath(Path.Combine(startDirectory, "shared", "testdata"));
    }
}
