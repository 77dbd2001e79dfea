using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Hosting;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// Hosting as a studio deploys it, behind a proxy on HTTPS (<c>PublicBaseUrl</c> https://…): HSTS, plain HTTP sent to
/// HTTPS, a Secure __Host- sign-in cookie, security headers and a Content-Security-Policy on every page, and keys
/// encrypted at rest with a certificate. The demo on http://127.0.0.1 keeps working without any of the HTTPS parts.
/// </summary>
public sealed class ProxyHostingTests : IClassFixture<ProxyHostingTests.HttpsPortal>
{
    public sealed class HttpsPortal : PortalFactory
    {
        public HttpsPortal() : base(seedDemo: true)
        {
            CertificatePath = Path.Combine(DataDirectory, "keys.pfx");
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=MasteringPortal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, "test-password"));
            Settings["PublicBaseUrl"] = "https://portal.studio.example";
            Settings["DataProtection:CertificatePath"] = CertificatePath;
            Settings["DataProtection:CertificatePassword"] = "test-password";
        }

        public string CertificatePath { get; }
        public string KeysFolder => Path.Combine(DataDirectory, "keys");
    }

    readonly HttpsPortal portal;

    public ProxyHostingTests(HttpsPortal portal) => this.portal = portal;

    HttpClient Client(string scheme) => portal.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, BaseAddress = new Uri($"{scheme}://portal.studio.example"),
    });

    [Fact]
    public async Task Plain_http_is_sent_to_https_and_https_answers_carry_hsts()
    {
        var plain = await Client("http").GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https", plain.Headers.Location!.Scheme);

        var secure = await Client("https").GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Signing_in_over_https_sets_a_secure_host_prefixed_cookie()
    {
        using var client = Client("https");
        var response = await Forms.SubmitAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = DemoSeeder.EngineerEmail, ["Input.Password"] = DemoSeeder.Password,
        });
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("__Host-mp.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", auth, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(cookies, c => c.StartsWith("mp.auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_page_carries_the_content_security_policy_and_the_security_headers()
    {
        foreach (var path in new[] { "/account/login", "/css/app.css", "/not-a-page" })
        {
            var response = await Client("https").GetAsync(path);
            var headers = response.Headers;
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(headers.GetValues("Content-Security-Policy")));
            Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
            Assert.Equal("nosniff", Assert.Single(headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(headers.GetValues("X-Frame-Options")));
            Assert.Equal("strict-origin-when-cross-origin", Assert.Single(headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task The_keys_are_encrypted_at_rest_with_the_certificate_and_only_the_portals_user_can_open_their_folder()
    {
        _ = await Client("https").GetAsync("/account/login"); // the antiforgery token makes sure a key exists
        var key = Assert.Single(Directory.GetFiles(portal.KeysFolder, "key-*.xml"));
        var xml = await File.ReadAllTextAsync(key);
        Assert.Contains("<encryptedSecret", xml);
        Assert.DoesNotContain("<masterKey", xml.Replace("<encryptedSecret", ""), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(portal.KeysFolder));
    }

    [Fact]
    public void The_public_address_refuses_what_is_not_an_absolute_web_address()
    {
        static PublicAddress Read(string value) => PublicAddress.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PublicAddress.Key] = value }).Build());
        Assert.Equal("https://portal.example/studio", Read("https://portal.example/studio/").ToString());
        Assert.Equal("https://portal.example/studio/projects/1", Read("https://portal.example/studio/").Absolute("/projects/1"));
        Assert.False(Read("http://127.0.0.1:5000").IsHttps);
        foreach (var bad in new[] { "portal.example", "ftp://portal.example", "https://portal.example/?x=1" })
            Assert.Contains("must be the portal's address", Assert.Throws<InvalidOperationException>(() => Read(bad)).Message);
    }
}
