using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// "As played on Spotify" (issue 19): a revision rendered by the portal is heard in the copy the render job encoded as
/// Spotify streams it, at the level Spotify's normalization plays it, while it keeps playing from the same moment; the
/// review page says in plain words whether the master clips on each service; back to "no streaming service", the
/// preview plays again at the matched level.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class AsPlayedBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string Review = "document.querySelector('[data-testid=review-player]').__review";

    [Fact]
    public async Task The_client_plays_a_revision_as_spotify_plays_it_and_reads_whether_it_clips_on_each_service()
    {
        var (projectId, trackId) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Glass Harbour", seconds: 12, seed: 61);
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await ReviewBrowserTests.RenderAndPostAsync(engineer, projectId, trackId, 1, "First pass, checked for the streaming services.");
        // The revision was Ready (and posted) before its check on the services ended: the check is a job of its own, and
        // its lines arrive on the open workspace when it is done.
        var card = engineer.Locator("[data-testid=revision-card][data-revision=\"1\"]");
        await Assertions.Expect(card.GetByTestId("platform-check-line")).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await Assertions.Expect(card.GetByTestId("platform-check-pending")).ToHaveCountAsync(0);
        Revision revision;
        RenderReport report;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            revision = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Revisions.Include(r => r.Files)
                .SingleAsync(r => r.TrackId == trackId && r.Number == 1);
            report = RenderReport.FromJson(revision.RenderReportJson)!;
        }
        var spotify = report.Platforms!.Single(p => p.Check.Name == "Spotify");
        var spotifyCopy = revision.Files.Single(f => f.Id == spotify.FileAssetId);
        var preview = revision.Files.Single(f => f.Kind == FileAssetKind.Preview);

        var ava = await portal.NewPageAsync();
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review?revision={revision.Id}");
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        var row = ava.Locator("[data-testid=review-source][data-kind=revision][data-revision=\"1\"]");
        await Assertions.Expect(row.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });

        // In plain words, for each service the render checked.
        foreach (var platform in report.Platforms!)
            await Assertions.Expect(ava.Locator($"[data-testid=review-codec][data-platform=\"{platform.Check.Platform}\"]"))
                .ToHaveTextAsync(platform.Check.ClientSummary);

        // The services are offered; the revision plays its preview until one is chosen.
        var asPlayed = ava.GetByLabel("As played on");
        await Assertions.Expect(asPlayed).ToBeVisibleAsync();
        Assert.Equal(["No streaming service", "Spotify", "Apple Music", "YouTube"], await asPlayed.Locator("option").AllInnerTextsAsync());
        await ava.GetByTestId("review-play").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("review-play")).ToHaveAttributeAsync("aria-label", "Pause");
        await ava.WaitForFunctionAsync($"() => {Review}.player.players.get({Review}.state.activeKey)?.audio.currentTime > 1");
        Assert.EndsWith($"/api/files/{preview.Id}/audio", await ActiveSourceAsync(ava));

        // As played on Spotify: its copy, from about the same moment, at the gain Spotify's normalization gives it.
        var at = await ava.EvaluateAsync<double>($"() => {Review}.player.position");
        await asPlayed.SelectOptionAsync("Spotify");
        await ava.WaitForFunctionAsync($"() => {{ const p = {Review}.player.players.get({Review}.state.activeKey); return p && p.url.endsWith('{spotifyCopy.Id}/audio') && !p.audio.paused && p.audio.currentTime > {at.ToString(System.Globalization.CultureInfo.InvariantCulture)} - 0.5; }}");
        var expected = Math.Pow(10, spotify.Check.PlaybackGainDb / 20).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        await ava.WaitForFunctionAsync($"() => Math.abs({Review}.player.players.get({Review}.state.activeKey).gain.gain.value - {expected}) < 0.01");
        // The revision's row shows that level, in the service's words.
        var db = spotify.Check.PlaybackGainDb;
        var shown = db <= -0.05 ? "−" + Math.Abs(db).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)
            : db >= 0.05 ? "+" + db.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "0.0";
        await Assertions.Expect(row.Locator(".rv-gain")).ToHaveTextAsync($"{shown} dB");
        await Assertions.Expect(row.Locator(".rv-gain")).ToHaveAttributeAsync("title", "Played at the level Spotify's loudness normalization gives it");
        // It keeps playing: the copy's time moves on.
        var t1 = await ava.EvaluateAsync<double>($"() => {Review}.player.position");
        await ava.WaitForFunctionAsync($"() => {Review}.player.position > {(t1 + 0.3).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        await PortalBrowserFixture.ScreenshotAsync(ava, "review-as-played-on-spotify");

        // Back to no streaming service: the preview again.
        await asPlayed.SelectOptionAsync("");
        await ava.WaitForFunctionAsync($"() => {Review}.player.players.get({Review}.state.activeKey)?.url.endsWith('{preview.Id}/audio')");
        await ava.GetByTestId("review-play").ClickAsync(); // pause
    }

    static Task<string> ActiveSourceAsync(IPage page) =>
        page.EvaluateAsync<string>($"() => {Review}.player.players.get({Review}.state.activeKey).url");
}
