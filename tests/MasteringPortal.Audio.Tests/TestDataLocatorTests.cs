using Xunit.Sdk;

namespace MasteringPortal.Audio.Tests;

/// <summary>Missing conformance files skip a developer's run with the reason, and fail a CI run.</summary>
public sealed class TestDataLocatorTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("mp-testdata-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static TestDataLocator Locator(string? dataFolder, string? ci) =>
        new(name => name switch { "MP_TESTDATA" => dataFolder, "CI" => ci, _ => null }, AppContext.BaseDirectory);

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Under_CI_a_missing_folder_fails_and_names_where_the_files_were_expected(string ci)
    {
        var absent = Path.Combine(_scratch, "nowhere");
        var failure = Assert.Throws<XunitException>(() => Locator(absent, ci).Require("ebu-loudness-test-set-v05", "seq-3341-1-16bit.wav"));
        Assert.Contains(absent, failure.Message);
        Assert.Contains("MP_TESTDATA", failure.Message);
        Assert.Contains("CI=true", failure.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Outside_CI_a_missing_folder_skips_with_the_reason(string? ci)
    {
        var absent = Path.Combine(_scratch, "nowhere");
        var skip = Assert.Throws<Xunit.SkipException>(() => Locator(absent, ci).Require("itu-bs2217", "1770-2_Comp_AbsGateTest.wav"));
        Assert.Contains(absent, skip.Message);
        Assert.Contains("MP_TESTDATA", skip.Message);
    }

    [Fact]
    public void A_folder_that_lacks_one_file_fails_even_outside_CI()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "itu-bs2217"));
        var failure = Assert.Throws<XunitException>(() => Locator(_scratch, null).Require("itu-bs2217", "absent.wav"));
        Assert.Contains(Path.Combine(_scratch, "itu-bs2217", "absent.wav"), failure.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public void A_present_file_is_returned_with_or_without_CI(string? ci)
    {
        var file = Path.Combine(_scratch, "itu-bs2217", "present.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, [0]);
        Assert.Equal(file, Locator(_scratch, ci).Require("itu-bs2217", "present.wav"));
    }

    [Fact]
    public void Without_MP_TESTDATA_the_folder_is_shared_testdata_beside_the_checkout()
    {
        var checkout = Path.Combine(_scratch, "repo");
        var binaries = Path.Combine(checkout, "tests", "bin");
        Directory.CreateDirectory(binaries);
        File.WriteAllText(Path.Combine(checkout, "MasteringPortal.sln"), "");
        var locator = new TestDataLocator(_ => null, binaries);
        Assert.Equal(Path.Combine(_scratch, "shared", "testdata"), locator.Folder);
    }

    private static TestDataLocator RealMusicLocator(string? folder, string? ci) =>
        new(name => name switch { "MP_REAL_MUSIC" => folder, "CI" => ci, _ => null }, AppContext.BaseDirectory);

    [Fact]
    public void Without_MP_REAL_MUSIC_the_real_music_cases_skip_outside_CI_and_fail_under_it()
    {
        var skip = Assert.Throws<Xunit.SkipException>(() => RealMusicLocator(null, null).RequireRealMusic("dense-44100.wav"));
        Assert.Contains("scripts/real-music.sh", skip.Message);
        var failure = Assert.Throws<XunitException>(() => RealMusicLocator("", "true").RequireRealMusic("dense-44100.wav"));
        Assert.Contains("CI=true", failure.Message);
    }

    [Fact]
    public void A_real_music_folder_returns_its_files_and_fails_on_a_missing_one_even_outside_CI()
    {
        File.WriteAllBytes(Path.Combine(_scratch, "dense-44100.wav"), [0]);
        Assert.Equal(Path.Combine(_scratch, "dense-44100.wav"), RealMusicLocator(_scratch, null).RequireRealMusic("dense-44100.wav"));
        var failure = Assert.Throws<XunitException>(() => RealMusicLocator(_scratch, null).RequireRealMusic("loud-44100.wav"));
        Assert.Contains(Path.Combine(_scratch, "loud-44100.wav"), failure.Message);
    }
}
