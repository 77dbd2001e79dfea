using MasteringPortal.Testing;
using MasteringPortal.Testing.UploadFuzzing;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace MasteringPortal.Web.Tests.Abuse;

/// <summary>
/// The upload protocol under malformed requests, deterministically: a fixed sequence of pseudo-random inputs decoded by the
/// same <see cref="UploadProtocolFuzzer"/> that scripts/fuzz-uploads.sh drives with AFL++. Every answer is a success or a
/// 4xx with its message (never a 500), and no stored file changes.
/// </summary>
public sealed class UploadProtocolFuzzTests(UploadProtocolFuzzTests.FuzzWorld world, ITestOutputHelper output) : IClassFixture<UploadProtocolFuzzTests.FuzzWorld>
{
    public sealed class FuzzWorld : DemoWorld
    {
        public FuzzWorld()
        {
            foreach (var (key, value) in UploadFuzzSettings.Lifted) Factory.Settings[key] = value;
        }
    }

    [Fact]
    public async Task Malformed_upload_requests_are_refused_with_a_message_and_change_nothing_stored()
    {
        var services = world.Factory.Services;
        var before = await StoredFiles.ReadAsync(services);
        var targets = await FuzzTargets.PrepareAsync(services, () => world.Factory.CreateClient(
            new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var fuzzer = new UploadProtocolFuzzer(targets);
        var violations = new List<string>();
        foreach (var (_, seed) in UploadFuzzSeeds.All()) violations.AddRange(await fuzzer.RunAsync(seed));
        await using (var db = await world.Db.CreateDbContextAsync())
            Assert.True(db.FileAssets.Any(f => f.Sha256 == targets.FileSha256 && f.OriginalName == "fuzz mix.wav"),
                "the valid seed did not complete its upload: the fuzzer's choices no longer reach the whole protocol");
        var random = new Random(20261205);
        for (var run = 0; run < 300 && violations.Count < 20; run++)
        {
            var input = new byte[random.Next(0, 160)];
            random.NextBytes(input);
            violations.AddRange(await fuzzer.RunAsync(input));
        }
        violations.AddRange(await StoredFiles.ChangesSinceAsync(before, services, hashAll: true));

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct().Take(20)));
        // The inputs reached past the front door: accepted requests and several kinds of refusal.
        var seen = string.Join(", ", fuzzer.Statuses.Select(s => $"{s.Key}×{s.Value}"));
        output.WriteLine("answers: " + seen);
        Assert.True(fuzzer.Statuses.ContainsKey(200) && fuzzer.Statuses.Keys.Count(s => s is >= 400 and < 500) >= 4, seen);
    }
}
