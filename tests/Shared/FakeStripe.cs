using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stripe;

namespace MasteringPortal.Testing;

/// <summary>
/// Stripe's Checkout Sessions API, in process: the <see cref="HttpMessageHandler"/> behind a real
/// <see cref="StripeClient"/>, so the portal's Stripe.net calls are exercised end to end and nothing touches the
/// network. It keeps every request (to check what the portal asked for) and every session it made. Shared by the Web
/// tests (payments over HTTP) and the browser tests (a client paying a deposit in Chromium).
/// </summary>
public sealed class FakeStripe : HttpMessageHandler
{
    public const string SecretKey = "sk_test_portal_fake";
    public const string WebhookSecret = "whsec_portal_test_secret";

    readonly ConcurrentDictionary<string, JsonObject> sessions = new();
    int next;

    public ConcurrentQueue<(HttpMethod Method, string Path, Dictionary<string, string> Form)> Requests { get; } = new();

    /// <summary>
    /// Where a session's hosted page is (its id is appended): a made-up address by default; the browser test uses Stripe's
    /// real one (the portal's Content-Security-Policy lets its forms lead there) and serves the page itself.
    /// </summary>
    public string CheckoutPageBase { get; init; } = "https://checkout.stripe.test/c/pay/";

    public IStripeClient Client() => new StripeClient(SecretKey, httpClient: new SystemNetHttpClient(new HttpClient(this)));

    /// <summary>A session as Stripe would describe it now (a copy: change it with <see cref="Update"/>).</summary>
    public JsonObject Session(string id) => (JsonObject)sessions[id].DeepClone();

    /// <summary>Changes a session, e.g. as the customer pays: <c>Update(id, s => { s["status"] = "complete"; s["payment_status"] = "paid"; })</c>.</summary>
    public void Update(string id, Action<JsonObject> change)
    {
        lock (sessions[id]) change(sessions[id]);
    }

    public void Pay(string id) => Update(id, s => { s["status"] = "complete"; s["payment_status"] = "paid"; s["payment_intent"] = "pi_" + id[3..]; });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        Assert.Equal("api.stripe.com", request.RequestUri!.Host);
        Assert.Equal("Bearer " + SecretKey, request.Headers.Authorization?.ToString());
        var path = request.RequestUri.AbsolutePath;
        var form = request.Content is null ? new Dictionary<string, string>() : ParseForm(await request.Content.ReadAsStringAsync(ct));
        Requests.Enqueue((request.Method, path, form));
        if (request.Method == HttpMethod.Post && path == "/v1/checkout/sessions") return Json(Create(form));
        if (request.Method == HttpMethod.Get && path.StartsWith("/v1/checkout/sessions/", StringComparison.Ordinal))
        {
            var id = path["/v1/checkout/sessions/".Length..];
            return sessions.TryGetValue(id, out _) ? Json(Session(id)) : Error(HttpStatusCode.NotFound, $"No such checkout.session: '{id}'");
        }
        return Error(HttpStatusCode.NotFound, $"Unrecognized request URL ({request.Method}: {path}).");
    }

    JsonObject Create(Dictionary<string, string> form)
    {
        var id = $"cs_test_{Interlocked.Increment(ref next):D4}{Guid.NewGuid():N}"[..40];
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
            metadata[key["metadata[".Length..^1]] = value;
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form.GetValueOrDefault("mode"),
            ["amount_total"] = long.Parse(form["line_items[0][price_data][unit_amount]"]),
            ["currency"] = form["line_items[0][price_data][currency]"],
            ["client_reference_id"] = form.GetValueOrDefault("client_reference_id"),
            ["metadata"] = metadata,
            ["status"] = "open",
            ["payment_status"] = "unpaid",
            ["success_url"] = form.GetValueOrDefault("success_url"),
            ["cancel_url"] = form.GetValueOrDefault("cancel_url"),
            ["url"] = CheckoutPageBase + id,
            ["livemode"] = false,
        };
        sessions[id] = session;
        return (JsonObject)session.DeepClone();
    }

    static Dictionary<string, string> ParseForm(string body) => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => p.Length > 1 ? WebUtility.UrlDecode(p[1]) : "");

    static HttpResponseMessage Json(JsonNode body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    static HttpResponseMessage Error(HttpStatusCode status, string message) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(new { error = new { type = "invalid_request_error", message } }), Encoding.UTF8, "application/json"),
    };

    /// <summary>A webhook event about a session, as Stripe sends it, and its <c>Stripe-Signature</c> header made by Stripe.net's own helper.</summary>
    public (string Json, string Signature) Event(string type, JsonObject session, string? eventId = null, string secret = WebhookSecret)
    {
        var evt = new JsonObject
        {
            ["id"] = eventId ?? $"evt_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["data"] = new JsonObject { ["object"] = session.DeepClone() },
        };
        var json = evt.ToJsonString();
        return (json, EventUtility.GenerateSignatureHeader(json, secret, null));
    }
}
