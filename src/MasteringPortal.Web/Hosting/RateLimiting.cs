using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// Per-network request limits (ASP.NET Core's rate limiter) on what a stranger can repeat to guess or to exhaust:
/// signing in, accepting an invitation, and the upload requests. Each policy counts per client address as the app
/// sees it after the forwarded headers (<see cref="ProxyHosting"/>), so behind a trusted proxy it is the caller's
/// address, never the proxy's. Limits come from the <c>RateLimits</c> section; a refusal is 429 with Retry-After.
/// </summary>
/// <remarks>
/// Pages count only what they receive (a POSTed form), so reading the sign-in page is never refused. IPv6 callers are
/// counted per /64 network: one home connection is usually given a whole /64, and counting single addresses would let
/// it rotate through them.
/// </remarks>
public static class RateLimiting
{
    /// <summary>Signing in, and changing or resetting a password: 10 a minute per network by default.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Creating an account from an invitation.</summary>
    public const string SignUp = "sign-up";

    /// <summary>Beginning an upload, its chunks and completing it: generous enough for a 2 GB file in 8 MB chunks in a minute.</summary>
    public const string Uploads = "uploads";

    public const string PageMessage = "Too many attempts from your network. Wait a minute and try again.";

    public const string UploadMessage =
        "Too many requests from your network in a short time. The upload waits a moment and carries on by itself.";

    public static WebApplicationBuilder AddPortalRateLimiting(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        limits.Validate();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignIn, context => PerNetwork(context, SignIn, limits.SignIn));
            options.AddPolicy(SignUp, context => PerNetwork(context, SignUp, limits.SignUp));
            options.AddPolicy(Uploads, context => PerNetwork(context, Uploads, limits.Uploads));
            options.OnRejected = RefuseAsync;
        });
        return builder;
    }

    /// <summary>After the forwarded headers and static files (a stylesheet is never counted), before sign-in is read.</summary>
    public static WebApplication UsePortalRateLimiting(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    static RateLimitPartition<string> PerNetwork(HttpContext context, string policy, RateLimitRule rule)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            return RateLimitPartition.GetNoLimiter(policy + " reads");
        return RateLimitPartition.GetFixedWindowLimiter(policy + " " + ClientNetwork(context.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = TimeSpan.FromSeconds(rule.WindowSeconds),
                QueueLimit = 0, // refused at once: a queued sign-in would only hold a connection open
                AutoReplenishment = true,
            });
    }

    /// <summary>The caller's address as a partition key: IPv4 as is, IPv6 by its /64 network.</summary>
    public static string ClientNetwork(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // The answer has a body of its own: the status-code pages must not turn it into a page request.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimiting))
            .LogWarning("Rate limit reached: {Method} {Path} from {Network}; refused for {Seconds} s", context.Request.Method,
                context.Request.Path, ClientNetwork(context.Connection.RemoteIpAddress), seconds);
        if (context.Request.Path.StartsWithSegments(PortalApi.Prefix))
        {
            // The upload script reads `detail` and `retry` like any other refusal, and sends the piece again later.
            await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: UploadMessage, extensions: new Dictionary<string, object?> { ["retry"] = true })
                .ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(PageMessage, ct);
    }
}
