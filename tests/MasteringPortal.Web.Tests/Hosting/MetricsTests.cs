using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Abuse;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// <c>/metrics</c> in Prometheus text: a scraper on the machine reads the bytes uploaded, the analysis jobs run and
/// how long they took, the shared queue, and ASP.NET Core's own figures; a request through the proxy gets nothing.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    readonly NetworkWorld world = new(new Dictionary<string, string?>());

    public Task InitializeAsync() => world.InitializeAsync();

    public Task DisposeAsync() => world.DisposeAsync();

    static double Value(string metrics, string pattern)
    {
        var match = Regex.Match(metrics, "^" + pattern + @" ([0-9.eE+-]+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"No line matches {pattern} in:\n{metrics}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_local_scraper_reads_uploads_jobs_and_the_queue_and_the_proxy_passes_on_nothing()
    {
        Guid projectId, trackId;
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            var track = await db.Tracks.AsNoTracking().Where(t => t.Project!.Title == "Paper Lanterns").OrderBy(t => t.Position).FirstAsync();
            (projectId, trackId) = (track.ProjectId, track.Id);
        }
        var wav = TestAudio.Wav(3, seed: 77);
        using var ava = await world.UploaderAsync("192.0.2.44", DemoSeeder.ClientEmail, DemoSeeder.Password);
        var fileId = await ava.UploadAsync(projectId, trackId, "metrics mix.wav", wav);
        for (var i = 0; i < 600; i++)
        {
            await using var db = await world.Db.CreateDbContextAsync();
            if (await db.PortalJobs.AnyAsync(j => j.TargetId == fileId && j.State == PortalJobState.Succeeded)) break;
            await Task.Delay(100);
        }

        using var scraper = new HttpClient { BaseAddress = new Uri(world.BaseAddress) };
        var response = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await response.Content.ReadAsStringAsync();

        Assert.True(Value(metrics, @"portal_uploads_received_bytes_total\{[^}]*\}") >= wav.Length);
        Assert.True(Value(metrics, @"portal_jobs_started_total\{[^}]*kind=""analysis""[^}]*\}") >= 1);
        Assert.True(Value(metrics, @"portal_jobs_ended_total\{[^}]*kind=""analysis""[^}]*outcome=""succeeded""[^}]*\}") >= 1);
        Assert.True(Value(metrics, @"portal_jobs_duration_seconds_count\{[^}]*kind=""analysis""[^}]*outcome=""succeeded""[^}]*\}") >= 1);
        Assert.True(Value(metrics, @"portal_jobs_queued\{[^}]*kind=""render""[^}]*\}") >= 0);
        Assert.True(Value(metrics, @"portal_jobs_running\{[^}]*kind=""analysis""[^}]*\}") >= 0);
        Assert.Matches(@"(?m)^http_server_request_duration_seconds_count\{", metrics);

        // Through the proxy (a forwarded request, whoever sent it): not there, and the portal does not say why.
        using var browser = world.From("198.51.100.3");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/metrics")).StatusCode);
    }
}
