using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace MasteringPortal.Testing;

/// <summary>
/// scripts/run-scaled.sh as a test starts it: nginx, Redis, two web processes and two workers on free loopback ports,
/// on a throw-away PostgreSQL database, with the demo seeded and a short job lease (so a take-over comes quickly).
/// It knows each process's pid and port from the script's output; disposing stops the script, which stops them all.
/// </summary>
public sealed partial class ScaledTopology : IAsyncDisposable
{
    readonly Process script;
    readonly ThrowawayDatabase database;
    readonly string data;

    ScaledTopology(Process script, ThrowawayDatabase database, string data, int proxyPort)
    {
        this.script = script;
        this.database = database;
        this.data = data;
        ProxyUrl = $"http://127.0.0.1:{proxyPort}";
    }

    public string ProxyUrl { get; }
    public string ConnectionString => database.ConnectionString;
    public string DataDirectory => data;
    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>"web-1", "web-2", "worker-1", "worker-2", "redis" → pid (the latest, for Redis started again).</summary>
    public IReadOnlyDictionary<string, int> Pids => Parsed().ToDictionary(p => p.Name, p => p.Pid);

    /// <summary>"web-1" … → the loopback port the process itself listens on.</summary>
    public IReadOnlyDictionary<string, int> Ports => Parsed().ToDictionary(p => p.Name, p => p.Port);

    public string Log => string.Join('\n', Output);

    /// <summary>Starts the topology and returns once the script says it is ready; skips without redis-server and nginx.</summary>
    public static async Task<ScaledTopology> StartAsync(string dll, IReadOnlyDictionary<string, string>? settings = null, int workers = 2)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var tools = new[] { "/usr/bin/redis-server", "/usr/sbin/nginx" };
        if (ci) Assert.True(tools.All(File.Exists), "CI=true: ./test.sh installs redis-server and nginx.");
        Skip.If(!tools.All(File.Exists), "The scaled topology needs redis-server and nginx (./test.sh installs them).");
        Skip.IfNot(File.Exists(dll), "The portal is not built in Debug (./test.sh builds it).");

        var database = await ThrowawayDatabase.CreateAsync("mp_scaled");
        var data = Directory.CreateTempSubdirectory("mp-scaled-").FullName;
        var proxy = FreePort();
        var start = new ProcessStartInfo("bash", [Path.Combine(PortalFactory.RepositoryRoot, "scripts/run-scaled.sh")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = PortalFactory.RepositoryRoot,
            Environment =
            {
                ["SCALED_DATA"] = data, ["SCALED_DLL"] = dll, ["PROXY_PORT"] = proxy.ToString(),
                ["WEB_PORTS"] = $"{FreePort()} {FreePort()}", ["WORKER_PORTS"] = string.Join(' ', Enumerable.Range(0, workers).Select(_ => FreePort())),
                ["REDIS_PORT"] = FreePort().ToString(), ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["Demo__Seed"] = "true",
                // A short lease so a take-over comes quickly; renewals every 4 s keep a live worker's job its own.
                ["Jobs__LeaseSeconds"] = "12", ["Jobs__LeaseSweepSeconds"] = "2",
                // No streaming-service copies (three more encodes per render on the workers): the tests of the topology
                // are about where jobs run and what the pages hear, not about the copies (a caller's settings may ask).
                ["Jobs__PlatformCopies"] = "false",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var topology = new ScaledTopology(Process.Start(start)!, database, data, proxy);
        topology.script.OutputDataReceived += (_, e) => { if (e.Data is not null) topology.Output.Enqueue(e.Data); };
        topology.script.ErrorDataReceived += (_, e) => { if (e.Data is not null) topology.Output.Enqueue(e.Data); };
        topology.script.BeginOutputReadLine();
        topology.script.BeginErrorReadLine();
        try
        {
            for (var i = 0; i < 1800 && !topology.Output.Any(l => l.Contains("is ready")); i++)
            {
                Assert.False(topology.script.HasExited, "The topology stopped while starting:\n" + topology.Log);
                await Task.Delay(100);
            }
            Assert.True(topology.Output.Any(l => l.Contains("is ready")), "The topology never became ready:\n" + topology.Log);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>A value of the proxy's affinity cookie that it sends to <paramref name="process"/> ("web-1", "web-2").</summary>
    public async Task<string> AffinityFor(string process)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 500; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, ProxyUrl + "/health/live");
            request.Headers.Add("Cookie", $"mp_affinity=pin{i}");
            var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("X-Served-By", out var by) && by.Single() == process) return $"pin{i}";
        }
        throw new InvalidOperationException($"No affinity cookie value lands on {process}.");
    }

    /// <summary>Kills a process of the topology with SIGKILL: no shutdown, no lease released, connections cut.</summary>
    public void Kill(string name) => Process.GetProcessById(Pids[name]).Kill();

    /// <summary>Polls <paramref name="probe"/> until it gives a value (five minutes at most; the failure shows the script's output).</summary>
    public async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, int pollMilliseconds = 250) where T : class
    {
        for (var waited = 0; waited < 300_000; waited += pollMilliseconds)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(pollMilliseconds);
        }
        throw new TimeoutException($"Waited five minutes for {what}.\n" + Log);
    }

    IEnumerable<(string Name, int Port, int Pid)> Parsed() => Output
        .Select(line => StartedLine().Match(line)).Where(m => m.Success)
        .Select(m => (Name: m.Groups[1].Value switch
        {
            "web process" => "web-" + m.Groups[2].Value,
            "worker" => "worker-" + m.Groups[2].Value,
            _ => "redis",
        }, Port: int.Parse(m.Groups[3].Value), Pid: int.Parse(m.Groups[4].Value)))
        .GroupBy(p => p.Name).Select(g => g.Last());

    [GeneratedRegex(@"^== (web process|worker|Redis) ?(\d*) on 127\.0\.0\.1:(\d+) \(pid (\d+)\)$")]
    private static partial Regex StartedLine();

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!script.HasExited)
        {
            Process.Start("kill", ["-TERM", script.Id.ToString()])!.WaitForExit();
            if (!script.WaitForExit(60_000)) script.Kill(entireProcessTree: true);
        }
        script.Dispose();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        await database.DisposeAsync();
    }
}
