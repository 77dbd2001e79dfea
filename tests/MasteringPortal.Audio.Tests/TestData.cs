namespace MasteringPortal.Audio.Tests;

/// <summary>
/// Where the shared EBU / ITU test files are: $MP_TESTDATA if set, otherwise ../shared/testdata beside
/// the checkout (found by walking up from the test binaries). A missing file skips its test with a visible
/// reason on a developer's machine, but fails it under CI=true: there a skip would hide that the conformance
/// cases never ran.
/// </summary>
public static class TestData
{
    private static readonly TestDataLocator Shared =
        new(Environment.GetEnvironmentVariable, AppContext.BaseDirectory);

    /// <summary>The path of a file of the EBU loudness test set; skips or fails the test when it is missing.</summary>
    public static string Ebu(string file) => Shared.Require("ebu-loudness-test-set-v05", file);

    /// <summary>The path of a file of the real-music set (scripts/real-music.sh); skips or fails the test when it is missing.</summary>
    public static string RealMusic(string file) => Shared.RequireRealMusic(file);

    /// <summary>The path of a file of the ITU-R BS.2217 set; skips or fails the test when it is missing.</summary>
    public static string Itu(string file) => Shared.Require("itu-bs2217", file);
}
