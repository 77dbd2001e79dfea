using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// Hosting behind a reverse proxy, from configuration: the proxies whose X-Forwarded-For/-Proto are believed
/// (<c>Hosting:TrustedProxies</c>, addresses or CIDR networks; loopback always), and, when
/// <see cref="PublicAddress"/> is HTTPS, HSTS and the redirect of plain HTTP.
/// </summary>
public static class ProxyHosting
{
    public static WebApplicationBuilder AddProxyHosting(this WebApplicationBuilder builder)
    {
        var address = PublicAddress.From(builder.Configuration);
        builder.Services.AddSingleton(address);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            foreach (var entry in builder.Configuration.GetSection("Hosting:TrustedProxies").Get<string[]>() ?? [])
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network)) options.KnownIPNetworks.Add(network);
                else if (IPAddress.TryParse(entry, out var ip)) options.KnownProxies.Add(ip);
                else throw new InvalidOperationException($"Hosting:TrustedProxies: \"{entry}\" is neither an IP address nor a network such as 10.0.0.0/8.");
            }
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the studio's other sites are not ours to pin
        });
        if (address.IsHttps)
        {
            // Plain HTTP goes to the public address's port (behind a proxy the server's own ports say nothing).
            builder.Services.AddHttpsRedirection(options => options.HttpsPort = address.BaseUri.Port);
            builder.Services.AddAntiforgery(options =>
            {
                options.Cookie.Name = "__Host-mp.antiforgery";
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        }
        return builder;
    }

    public static WebApplication UseProxyHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<PublicAddress>().IsHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders();
        return app;
    }
}
