using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>
/// The review's figures over HTTP: the difference between two sources, from their stored analyses, only between sources
/// the caller may see; each source's mono and phase timeline; the album note on a track of an EP.
/// </summary>
public sealed class DifferenceEndpointTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_client_compares_the_mix_with_a_posted_revision_but_not_with_an_unposted_one_nor_another_clients_track()
    {
        // The mix measured at -12 dBFS peaks, revision 1 at -6: the same signal 6 dB louder.
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Analyse(TestMixes.Wav(-12)));
        var (posted, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 1, posted: true, TestMixes.Analyse(TestMixes.Wav(-6)));
        var (unposted, _, _) = await ReviewHarness.AddRevisionAsync(portal, projectId, trackId, 2, posted: false);
        var url = $"/api/review/projects/{projectId}/tracks/{trackId}/difference";

        var (ava, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var diff = (await ava.GetFromJsonAsync<SourceDifference>($"{url}?a=mix&b=rev:{posted}", Json))!;
        Assert.Equal(("Mix", "Revision 1"), (diff.A, diff.B));
        Assert.All(diff.LoudnessLu.OfType<double>(), d => Assert.Equal(6.0, d, 0.1));
        Assert.NotEmpty(diff.LoudnessLu.OfType<double>());
        Assert.Equal("Revision 1 is 6.0 LU louder than the mix overall.", diff.Sentences[0]);

        // An unposted revision does not exist for her; another client's request is answered as for no track at all.
        Assert.Equal(HttpStatusCode.NotFound, (await ava.GetAsync($"{url}?a=mix&b=rev:{unposted}")).StatusCode);
        var (ben, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.SecondClientEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"{url}?a=mix&b=rev:{posted}")).StatusCode);
        // The engineer may compare the unposted one.
        var (studio, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.OK, (await studio.GetAsync($"{url}?a=rev:{posted}&b=rev:{unposted}")).StatusCode);
    }

    [Fact]
    public async Task Each_source_carries_its_mono_timeline_and_a_track_of_an_ep_its_album_note()
    {
        // 220 Hz on the left, 330 Hz on the right: unrelated sides in the mid band, nothing in the low and high bands.
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InReview, TestMixes.Analyse(TestMixes.Wav(-12, seconds: 4)));
        var (ava, _) = await ReviewHarness.SignInAsync(portal, DemoSeeder.ClientEmail);
        var single = await ava.GetFromJsonAsync<JsonElement>($"/api/review/projects/{projectId}/tracks/{trackId}");
        Assert.Equal(JsonValueKind.Null, single.GetProperty("albumNote").ValueKind);
        var mono = single.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "mix")
            .GetProperty("figures").GetProperty("mono");
        Assert.Equal(16384 / 44100.0, mono.GetProperty("frameSeconds").GetDouble(), 9);
        var frames = (int)Math.Ceiling(4 * 44100 / 16384.0);
        var loss = mono.GetProperty("lossLu").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(frames, loss.Count);
        // Whole frames of the 4 s: unrelated sides of nearly equal K-weighted power lose about 3 LU in mono.
        Assert.All(loss.Take(frames - 1), l => Assert.InRange(l, 2.7, 3.3));
        Assert.All(mono.GetProperty("mid").EnumerateArray().Take(frames - 1), r => Assert.InRange(r.GetDouble(), -0.05, 0.05));
        // (The last, partial frame ends in the file's hard stop, which is broadband: it is left out.)
        Assert.All(mono.GetProperty("low").EnumerateArray().Take(frames - 1), r => Assert.Equal(JsonValueKind.Null, r.ValueKind));
        Assert.All(mono.GetProperty("high").EnumerateArray().Take(frames - 1), r => Assert.Equal(JsonValueKind.Null, r.ValueKind));

        // A track of the demo's EP: the note on album playback, naming how many tracks the release has.
        await using var db = await portal.Db.CreateDbContextAsync();
        var ep = await db.Projects.Include(p => p.Tracks).SingleAsync(p => p.Title == "Tidewater EP");
        var state = await ava.GetFromJsonAsync<JsonElement>($"/api/review/projects/{ep.Id}/tracks/{ep.Tracks[0].Id}");
        var note = state.GetProperty("albumNote").GetString()!;
        Assert.StartsWith($"This track is one of {ep.Tracks.Count} on this release.", note);
        Assert.Contains("Played as an album, Spotify and Tidal", note);
    }
}
