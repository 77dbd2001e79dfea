using System.Net;
using System.Reflection;
using System.Text;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Review;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using static MasteringPortal.Web.Tests.Security.Caller;
using static MasteringPortal.Web.Tests.Security.Outcome;

namespace MasteringPortal.Web.Tests.Security;

/// <summary>What a call came to: the handler or page (whatever it then said), or which refusal.</summary>
public enum Outcome { Reached, SignIn, Hidden, Forbidden }

/// <summary>
/// Every routed page and endpoint of the app, read from its own endpoint data source, and every method of the review
/// hub, called by each <see cref="Caller"/> with the ids of one of Ava's projects. What each caller must get is in one
/// table below; an endpoint or hub method the table does not list fails the test, so a new one cannot be forgotten.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixWorld world) : IClassFixture<MatrixWorld>
{
    static readonly Caller[] Everyone = Enum.GetValues<Caller>();
    static readonly Caller[] SignedIn = Everyone.Except([Anonymous]).ToArray();

    /// <summary>Only <paramref name="reach"/> get through; other signed-in callers are told it does not exist, the anonymous to sign in.</summary>
    static Dictionary<Caller, Outcome> Only(params Caller[] reach) =>
        Everyone.ToDictionary(c => c, c => reach.Contains(c) ? Reached : c == Anonymous ? SignIn : Hidden);

    static Dictionary<Caller, Outcome> With(Dictionary<Caller, Outcome> row, params (Caller Caller, Outcome Outcome)[] changes)
    {
        foreach (var (caller, outcome) in changes) row[caller] = outcome;
        return row;
    }

    static readonly Dictionary<Caller, Outcome> Public = Everyone.ToDictionary(c => c, _ => Reached);
    static readonly Dictionary<Caller, Outcome> AnySignedIn = Only(SignedIn);
    /// <summary>The project's own people: its client, the studio's owner and the studio's assistant.</summary>
    static readonly Caller[] ProjectPeople = [Client, Owner, Assistant];
    static readonly Caller[] Team = [Owner, Assistant];
    static readonly Caller[] Engineers = [Owner, StrangerEngineer];
    static readonly Caller[] Teams = [Owner, Assistant, StrangerEngineer, StrangerAssistant];
    static readonly Caller[] Clients = [Client, OtherClient];

    /// <summary>The one table: "METHOD pattern" → what each caller gets.</summary>
    static readonly Dictionary<string, Dictionary<Caller, Outcome>> Expected = new()
    {
        // Pages anyone may open (signing in, signing up, resetting a password, the error pages).
        ["GET /account/login"] = Public,
        ["GET /account/signup"] = Public,
        ["GET /account/forgot"] = Public,
        ["GET /account/reset"] = Public,
        ["GET /account/confirm"] = Public,
        // The second step of signing in: only a browser that just gave a correct password gets the form; everyone else,
        // signed in or not, is sent back to the sign-in page.
        ["GET /account/login/code"] = Everyone.ToDictionary(c => c, _ => SignIn),
        ["GET /error"] = Public,
        ["GET /not-found"] = Public,
        // Set-up is over once a studio exists: the page sends everyone to the sign-in page.
        ["GET /setup"] = Everyone.ToDictionary(c => c, _ => SignIn),
        ["GET /health"] = Public,
        ["GET /health/ready"] = Public,
        ["GET /health/live"] = Public,
        // The start page sends each person to their dashboard.
        ["GET /"] = AnySignedIn,
        // A person's own things.
        ["GET /account/password"] = AnySignedIn,
        ["GET /account/two-factor"] = AnySignedIn,
        ["GET /account/notifications"] = AnySignedIn,
        ["GET /notifications"] = AnySignedIn,
        ["GET /account/tokens"] = Only(Engineers),
        // Dashboards: each role its own; a studio's pages show only that studio's things.
        ["GET /client"] = Only(Clients),
        ["GET /engineer"] = Only(Teams),
        ["GET /clients"] = Only(Engineers),
        ["GET /projects/new"] = Only(Engineers),
        ["GET /studio"] = Only(Engineers),
        ["GET /studio/emails"] = Only(Engineers),
        ["GET /studio/team"] = Only(Engineers),
        ["GET /studio/storage"] = Only(Engineers),
        // One project's pages: its client and its studio's team; nobody else learns it exists.
        ["GET /projects/{Id:guid}"] = Only(ProjectPeople),
        ["GET /projects/{Id:guid}/payment/success"] = Only(ProjectPeople),
        ["GET /projects/{Id:guid}/payment/cancelled"] = Only(ProjectPeople),
        ["GET /payments/{Id:guid}/receipt"] = Only(ProjectPeople),
        ["GET /projects/{ProjectId:guid}/review"] = Only(ProjectPeople),
        ["GET /projects/{ProjectId:guid}/tracks/{TrackId:guid}/review"] = Only(ProjectPeople),
        ["GET /projects/{ProjectId:guid}/tracks/{TrackId:guid}/workspace"] = Only(Team),
        // The album's pages: the running order and release details, and the album as sequenced (the client hears posted ones).
        ["GET /projects/{Id:guid}/album"] = Only(ProjectPeople),
        ["GET /projects/{Id:guid}/album/review"] = Only(ProjectPeople),
        // The portal's API.
        ["GET /api/uploads/antiforgery"] = AnySignedIn,
        ["POST /api/projects/{projectId:guid}/uploads"] = With(Only(ProjectPeople), (Client, Forbidden)),
        // An upload session is its uploader's (the owner began this one).
        ["GET /api/uploads/{uploadId:guid}"] = Only(Owner),
        ["PUT /api/uploads/{uploadId:guid}/chunks/{index:int}"] = Only(Owner),
        ["POST /api/uploads/{uploadId:guid}/complete"] = Only(Owner),
        ["DELETE /api/uploads/{uploadId:guid}"] = Only(Owner),
        // Lists only the caller's own unfinished uploads, for a project they may see.
        ["GET /api/projects/{projectId:guid}/uploads/unfinished"] = Only(ProjectPeople),
        ["GET /api/files/{fileId:guid}/audio"] = Only(ProjectPeople),
        ["GET /api/review/projects/{projectId:guid}/tracks/{trackId:guid}"] = Only(ProjectPeople),
        ["GET /api/review/projects/{projectId:guid}/tracks/{trackId:guid}/difference"] = Only(ProjectPeople),
        ["POST /api/projects/{projectId:guid}/checkout"] = Only(ProjectPeople),
        // Masters before payment: the studio's team yes, the client not yet.
        ["GET /api/projects/{projectId:guid}/delivery.zip"] = With(Only(ProjectPeople), (Client, Forbidden)),
        // A client's data export: the studio's owner only; the client asks the studio for it.
        ["GET /api/clients/{clientId:guid}/export.zip"] = Only(Owner),
        // Archiving a project and bringing it back: the studio's owner only (the owner archives Ava's project here, the
        // calls in between hear "archived", and bringing it back comes last with the other DELETEs).
        ["POST /api/projects/{projectId:guid}/archive"] = Only(Owner),
        ["DELETE /api/projects/{projectId:guid}/archive"] = Only(Owner),
        // Stripe's webhook is public and proven by its signature; with card payments off (as here) it is not there at
        // all (StripeWebhookTests call it with a secret).
        ["POST /api/payments/stripe/webhook"] = Everyone.ToDictionary(c => c, _ => Hidden),
        // The desk API (access tokens, or the cookie): each caller's own list, one project's things for its people.
        ["GET /api/v1/openapi.json"] = Public,
        ["GET /api/v1/projects"] = AnySignedIn,
        ["GET /api/v1/projects/{projectId:guid}/tracks"] = Only(ProjectPeople),
        ["GET /api/v1/projects/{projectId:guid}/revisions/{revisionId:guid}"] = Only(ProjectPeople),
        // Posting is the engineer's: the client and an assistant are refused outright (the owner hears the state: already posted).
        ["POST /api/v1/projects/{projectId:guid}/revisions/{revisionId:guid}/post"] = With(Only(ProjectPeople), (Client, Forbidden), (Assistant, Forbidden)),
        ["GET /api/v1/projects/{projectId:guid}/comments"] = Only(ProjectPeople),
        // Hangfire's dashboard lists every studio's jobs: closed on an install holding two studios, as this one does.
        ["GET /jobs/{**path}"] = With(Everyone.ToDictionary(c => c, _ => Forbidden), (Anonymous, SignIn)),
    };

    /// <summary>Acting on the caller's own session only (signing out): not called here, which would end the callers' sessions; SessionTests cover them.</summary>
    static readonly HashSet<string> OwnSessionOnly = ["POST /account/logout", "POST /account/signout-everywhere"];

    /// <summary>Review hub methods → who may call them for Ava's project (the rest get a HubException; the anonymous cannot connect).</summary>
    static readonly Dictionary<string, Caller[]> HubExpected = new()
    {
        ["Join"] = ProjectPeople,
        ["Leave"] = SignedIn,
    };

    [Fact]
    public async Task Every_endpoint_answers_each_caller_as_the_table_says()
    {
        var endpoints = RoutedEndpoints();
        var missing = endpoints.Select(e => e.Key).Where(k => !Expected.ContainsKey(k) && !OwnSessionOnly.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "Endpoints with no entry in the authorisation table: " + string.Join(", ", missing));
        var stale = Expected.Keys.Concat(OwnSessionOnly).Except(endpoints.Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "Table entries for endpoints that no longer exist: " + string.Join(", ", stale));

        var wrong = new StringBuilder();
        // Deleting comes last: it ends the upload the other calls use.
        foreach (var (key, method, path) in endpoints.Where(e => !OwnSessionOnly.Contains(e.Key)).OrderBy(e => e.Method == "DELETE"))
            foreach (var caller in Everyone)
            {
                var got = await CallAsync(caller, method, path, key);
                if (got.Outcome != Expected[key][caller])
                    wrong.AppendLine($"{key} as {caller}: expected {Expected[key][caller]}, got {got.Outcome} ({got.Status})");
            }
        Assert.True(wrong.Length == 0, "\n" + wrong);
    }

    [Fact]
    public async Task Every_review_hub_method_answers_each_caller_as_the_table_says()
    {
        var methods = typeof(ReviewHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(ReviewHub)).Select(m => m.Name).ToHashSet();
        Assert.Equal(methods.Order(), HubExpected.Keys.Order());

        var wrong = new StringBuilder();
        foreach (var caller in SignedIn)
        {
            await using var hub = await ReviewHarness.ConnectAsync(world.Factory, world.Cookies(caller));
            foreach (var (method, allowed) in HubExpected)
            {
                var reached = true;
                try { await hub.Hub.InvokeAsync(method, world.ProjectId); }
                catch (HubException) { reached = false; }
                if (reached != allowed.Contains(caller)) wrong.AppendLine($"{method} as {caller}: expected {(allowed.Contains(caller) ? "allowed" : "refused")}");
            }
        }
        // Nobody signed out gets a connection at all.
        await Assert.ThrowsAnyAsync<Exception>(() => ReviewHarness.ConnectAsync(world.Factory, world.Cookies(Anonymous)));
        Assert.True(wrong.Length == 0, "\n" + wrong);
    }

    /// <summary>The app's routed pages and endpoints ("METHOD pattern", method, path with this world's ids), without the framework's own.</summary>
    List<(string Key, string Method, string Path)> RoutedEndpoints()
    {
        var list = new List<(string, string, string)>();
        foreach (var endpoint in world.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/_") || pattern.StartsWith("/hubs/") || pattern.StartsWith("/{**")) continue;
            if (endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset"))) continue;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            // A page's POST is its own form, guarded by the same page rules and antiforgery: its GET stands for it.
            var isPage = endpoint.Metadata.Any(m => m.GetType().Name == "ComponentTypeMetadata");
            foreach (var method in isPage ? ["GET"] : methods.Where(m => m != "HEAD"))
                list.Add(($"{method} {pattern}", method, Fill(pattern)));
        }
        return list.DistinctBy(e => e.Item1).ToList();
    }

    string Fill(string pattern)
    {
        var path = pattern.StartsWith("/payments/") ? pattern.Replace("{Id:guid}", world.PaymentId.ToString()) : pattern;
        return path
            .Replace("{Id:guid}", world.ProjectId.ToString()).Replace("{ProjectId:guid}", world.ProjectId.ToString())
            .Replace("{projectId:guid}", world.ProjectId.ToString())
            .Replace("{TrackId:guid}", world.TrackId.ToString()).Replace("{trackId:guid}", world.TrackId.ToString())
            .Replace("{revisionId:guid}", world.RevisionId.ToString()).Replace("{fileId:guid}", world.MixFileId.ToString())
            .Replace("{uploadId:guid}", world.UploadId.ToString()).Replace("{index:int}", "0")
            .Replace("{clientId:guid}", world.AvaClientId.ToString())
            .Replace("{**path}", "")
            // The difference between two sources names them: the mix and the posted revision.
            + (pattern.EndsWith("/difference", StringComparison.Ordinal) ? $"?a=mix&b=rev:{world.RevisionId}" : "");
    }

    /// <summary>A body the endpoint accepts, so that a refusal is the access rule's and not the model binder's.</summary>
    string Body(string key) => key switch
    {
        "POST /api/projects/{projectId:guid}/uploads" =>
            $$"""{"kind":"mix","trackId":"{{world.TrackId}}","fileName":"again.wav","sizeBytes":4096,"sha256":"{{new string('1', 64)}}"}""",
        _ => "{}",
    };

    async Task<(Outcome Outcome, int Status)> CallAsync(Caller caller, string method, string path, string key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent(Body(key), Encoding.UTF8, "application/json");
            if (await world.AntiforgeryAsync(caller) is { } token) request.Headers.Add(token.Name, token.Value);
        }
        using var response = await world.Browser(caller).SendAsync(request);
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{key} as {caller} failed with {status}: {await response.Content.ReadAsStringAsync()}");
        if (status is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = (location.IsAbsoluteUri ? location : new Uri(world.Factory.Server.BaseAddress, location)).AbsolutePath;
            return (target.StartsWith("/account/login") ? SignIn : target.StartsWith("/not-found") ? Hidden : Reached, status);
        }
        return (response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => SignIn,
            HttpStatusCode.NotFound => Hidden,
            HttpStatusCode.Forbidden => Forbidden,
            _ => Reached,
        }, status);
    }
}
