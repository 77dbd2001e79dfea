using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Intake;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>The difference between two sources over HTTP: from their stored analyses, only between sources the caller may see.</summary>
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
}
