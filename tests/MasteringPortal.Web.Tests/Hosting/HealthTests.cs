using System.Net;
using System.Text.Json;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// <c>/health</c> tells anyone whether the portal is up, and only the studio's engineers (or a caller on the machine
/// itself) what is wrong: the ffmpeg path, storage paths and database errors are details for them. The checks run
/// at most once per cache period however often it is asked (they write a probe file to storage).
/// </summary>
public sealed class HealthTests : IClassFixture<HealthTests.Portal>
{
    /// <summary>The demo portal with a check that counts its runs, and a cache period no test run outlasts.</summary>
    public sealed class Portal : IDisposable
    {
        readonly PortalFactory root = new(seedDemo: true);
        public int Runs;

        public Portal()
        {
            root.Settings["Health:CacheSeconds"] = "600";
            Factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddHealthChecks()
                .AddCheck("counted", () => { Interlocked.Increment(ref Runs); return HealthCheckResult.Healthy("counted at /srv/secret/path"); })));
        }

        public WebApplicationFactory<Program> Factory { get; }

        public void Dispose()
        {
            Factory.Dispose();
            root.Dispose();
        }
    }

    readonly Portal portal;

    public HealthTests(Portal portal) => this.portal = portal;

    async Task<(HttpStatusCode Status, JsonElement Body, string Text)> HealthAsync(HttpClient client, string path = "/health")
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await Forms.SignInAsync(client, email, DemoSeeder.Password);
        return client;
    }

    [Fact]
    public async Task Anonymous_callers_and_clients_get_the_status_only()
    {
        using var anonymous = portal.Factory.CreateClient();
        using var client = await SignedInAsync(DemoSeeder.ClientEmail);
        foreach (var caller in new[] { anonymous, client })
        {
            var (status, body, text) = await HealthAsync(caller);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            Assert.Equal(["status"], body.EnumerateObject().Select(p => p.Name));
            Assert.DoesNotContain("/srv/secret/path", text);
            Assert.DoesNotContain("ffmpeg", text);
        }
    }

    [Fact]
    public async Task Engineers_get_every_check_with_its_details()
    {
        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        var (status, body, _) = await HealthAsync(engineer);
        Assert.Equal(HttpStatusCode.OK, status);
        var checks = body.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.True(checks.TryGetProperty("ffmpeg", out _));
        Assert.Equal("counted at /srv/secret/path", checks.GetProperty("counted").GetProperty("description").GetString());
        // One process with no Redis: live updates stay in it, which is healthy; the queues are counted.
        Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.Contains("one process", checks.GetProperty("redis").GetProperty("description").GetString());
        Assert.Matches("^web process, 1 render and 1 analysis workers here; analyses: \\d+ queued, \\d+ running; renders: \\d+ queued, \\d+ running; matches: \\d+ queued, \\d+ running$",
            checks.GetProperty("jobs").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_is_the_full_report_and_live_answers_without_running_the_checks()
    {
        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        var (readyStatus, ready, _) = await HealthAsync(engineer, "/health/ready");
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.True(ready.GetProperty("checks").TryGetProperty("database", out _));

        var before = portal.Runs;
        using var anonymous = portal.Factory.CreateClient();
        var (liveStatus, live, text) = await HealthAsync(anonymous, "/health/live");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (liveStatus, live.GetProperty("status").GetString()));
        Assert.DoesNotContain("checks", text);
        Assert.Equal(before, portal.Runs);
    }

    [Fact]
    public async Task Many_calls_within_the_cache_period_run_the_checks_once()
    {
        using var anonymous = portal.Factory.CreateClient();
        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        await HealthAsync(anonymous);
        var before = portal.Runs;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => HealthAsync(i % 2 == 0 ? anonymous : engineer)));
        Assert.Equal(before, portal.Runs);
        Assert.InRange(portal.Runs, 1, 1);
    }
}
