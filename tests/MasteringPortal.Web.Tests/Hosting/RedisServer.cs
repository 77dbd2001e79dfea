using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// Debian's redis-server on a free loopback port, started by the test and stopped by its process (no data on disk).
/// <see cref="Find"/> is null when redis-server is not installed: tests skip, except under CI=true, where they fail
/// (./test.sh installs it).
/// </summary>
public sealed class RedisServer : IDisposable
{
    Process? process;

    RedisServer(string path, int port)
    {
        Path = path;
        Port = port;
    }

    public string Path { get; }
    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    public const string SkipReason = "redis-server is not installed (./test.sh installs Debian's).";

    public static RedisServer? Find()
    {
        var path = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (path is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but redis-server is not installed: ./test.sh installs it.");
        if (path is null) return null;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new RedisServer(path, port);
    }

    /// <summary>Starts it (again, after <see cref="Stop"/>, on the same port) and waits until it takes connections.</summary>
    public async Task StartAsync()
    {
        process = Process.Start(new ProcessStartInfo(Path)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("redis-server did not start.");
    }

    public void Stop()
    {
        if (process is null) return;
        try { process.Kill(); process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        process.Dispose();
        process = null;
    }

    public void Dispose() => Stop();
}
