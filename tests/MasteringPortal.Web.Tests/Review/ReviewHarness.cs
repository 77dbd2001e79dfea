using System.Net;
using System.Threading.Channels;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.SignalR.Client;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>Rows and signed-in connections for the review tests: revisions with analysed masters, and hub clients that record what they are sent.</summary>
public static class ReviewHarness
{
    /// <summary>A Ready revision with a 24-bit master (4 s, analysed as given) and a preview; posted when asked.</summary>
    public static async Task<(Guid RevisionId, Guid MasterId, Guid PreviewId)> AddRevisionAsync(PortalScenario portal, Guid projectId, Guid trackId,
        int number, bool posted, IntakeAnalysis? analysis = null)
    {
        var revision = new Revision
        {
            TrackId = trackId, Number = number, Status = RevisionStatus.Ready, ProgressPercent = 100,
            PostedAt = posted ? DateTimeOffset.UtcNow : null, EngineerNote = $"Pass {number}",
        };
        FileAsset File(FileAssetKind kind, string format, char key) => new()
        {
            ProjectId = projectId, TrackId = trackId, RevisionId = revision.Id, Kind = kind, OriginalName = $"song r{number}.{format}",
            Format = format, DurationSeconds = 4, SampleRateHz = 44100, Channels = 2, BitDepth = kind == FileAssetKind.Master ? 24 : null,
            StorageKey = new string(key, 64), Sha256 = new string(key, 64), SizeBytes = 1000,
        };
        var master = File(FileAssetKind.Master, "wav", 'c');
        var preview = File(FileAssetKind.Preview, "mp3", 'd');
        await using var db = await portal.Db.CreateDbContextAsync();
        db.Revisions.Add(revision);
        db.FileAssets.AddRange(master, preview);
        var result = analysis ?? TestMixes.Healthy();
        db.Analyses.Add(new Analysis
        {
            FileAssetId = master.Id, IntegratedLufs = result.IntegratedLufs, TruePeakDbtp = result.TruePeakDbtp, ResultJson = result.ToJson(),
        });
        await db.SaveChangesAsync();
        return (revision.Id, master.Id, preview.Id);
    }

    /// <summary>An HTTP client signed in through the real form, and its cookies for the hub.</summary>
    public static Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(PortalScenario portal, string email) =>
        SignInAsync(portal.Factory, email);

    public static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(WebApplicationFactory<Program> factory, string email,
        string password = DemoSeeder.Password)
    {
        var (http, cookies) = Browser(factory);
        await Forms.SignInAsync(http, email, password);
        return (http, cookies);
    }

    /// <summary>A client of the test server that keeps its cookies where a hub connection can take them too; nobody signed in yet.</summary>
    public static (HttpClient Http, CookieContainer Cookies) Browser(WebApplicationFactory<Program> factory)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new CookieContainerHandler(cookies) { InnerHandler = factory.Server.CreateHandler() })
        {
            BaseAddress = factory.Server.BaseAddress,
        };
        return (http, cookies);
    }

    /// <summary>
    /// A hub connection over a WebSocket of the test server, carrying the signed-in user's cookies (a long-polling
    /// connection keeps a request open that can make disposal wait under load).
    /// </summary>
    public static Task<HubListener> ConnectAsync(PortalScenario portal, CookieContainer cookies) => ConnectAsync(portal.Factory, cookies);

    public static async Task<HubListener> ConnectAsync(WebApplicationFactory<Program> factory, CookieContainer cookies)
    {
        var server = factory.Server;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, ReviewHub.Path.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookies.GetCookieHeader(server.BaseAddress);
                    return await client.ConnectAsync(context.Uri, ct);
                };
            })
            .Build();
        var listener = new HubListener(hub);
        await hub.StartAsync();
        return listener;
    }
}

/// <summary>Everything a hub connection is sent, in order, as (message name, payload).</summary>
public sealed class HubListener : IAsyncDisposable
{
    readonly Channel<(string Name, object Payload)> _received = Channel.CreateUnbounded<(string, object)>();

    public HubListener(HubConnection hub)
    {
        Hub = hub;
        hub.On<ReviewSource, long>("Source", (s, _) => _received.Writer.TryWrite(("Source", s)));
        hub.On<ReviewRenderProgress>("RenderProgress", p => _received.Writer.TryWrite(("RenderProgress", p)));
        hub.On<ReviewComment>("Comment", c => _received.Writer.TryWrite(("Comment", c)));
        hub.On<ReviewProjectChange>("Project", c => _received.Writer.TryWrite(("Project", c)));
    }

    public HubConnection Hub { get; }

    /// <summary>The next message this connection was sent (a generous bound only so that a broken push fails instead of hanging).</summary>
    public async Task<(string Name, object Payload)> NextAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(bound.Token);
    }

    public async Task<T> NextAsync<T>(string name)
    {
        var (got, payload) = await NextAsync();
        Assert.Equal(name, got);
        return Assert.IsType<T>(payload);
    }

    /// <summary>Whether a message arrived that was not read yet (for "nothing was sent": ask after a round trip on this connection).</summary>
    public bool HasUnread => _received.Reader.TryPeek(out _);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
