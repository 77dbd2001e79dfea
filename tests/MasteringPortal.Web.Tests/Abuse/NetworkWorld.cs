using System.Net;
using MasteringPortal.Testing;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Uploads;

namespace MasteringPortal.Web.Tests.Abuse;

/// <summary>
/// The demo portal served by Kestrel on loopback, the proxy the portal believes, so a test can speak from any client
/// address with <c>X-Forwarded-For</c> exactly as a studio's reverse proxy would: the rate limiter counts per address
/// as the app sees it after the forwarded headers.
/// </summary>
public class NetworkWorld : DemoWorld
{
    /// <param name="settings">Configuration over the test defaults (which lift the rate limits), e.g. low limits.</param>
    public NetworkWorld(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings) Factory.Settings[key] = value;
    }

    public string BaseAddress { get; private set; } = "";

    protected override void StartHost() => BaseAddress = Factory.StartKestrel();

    /// <summary>A browser-like client (cookies kept, redirects not followed) behind the proxy at <paramref name="clientAddress"/>.</summary>
    public HttpClient From(string clientAddress)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseAddress),
        };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return http;
    }

    /// <summary>Signed in through the form and holding the upload token, speaking from <paramref name="clientAddress"/>.</summary>
    public async Task<UploadClient> UploaderAsync(string clientAddress, string email, string password)
    {
        var uploads = new UploadClient(From(clientAddress));
        await Forms.SignInAsync(uploads.Http, email, password);
        await uploads.FetchTokenAsync();
        return uploads;
    }
}
