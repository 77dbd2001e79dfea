namespace MasteringPortal.Audio.Tests;

/// <summary>
/// Where the shared EBU / ITU test files are: $MP_TESTDATA if set, otherwise ../shared/testdata beside
/// the checkout (found by walking up from the test binaries). Null when absent, and the file-based
/// cases are then skipped with a visible reason.
/// </summary>
public static class TestData
{
    public static readonly string? Root = Find();

    public const string MissingReason =
        "shared test data not found (set MP_TESTDATA or place ../shared/testdata beside the checkout)";

    public static string? Ebu(string file) => Root is null ? null : Path.Combine(Root, "ebu-loudness-test-set-v05", file);

    public static string? Itu(string file) => Root is null ? null : Path.Combine(Root, "itu-bs2217", file);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("MP_TESTDATA");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MasteringPortal.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }
        return null;
    }
}
