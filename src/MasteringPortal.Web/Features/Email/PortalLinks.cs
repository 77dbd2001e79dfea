namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// The one source of absolute URLs (for emails, which are read outside any request): <c>PublicBaseUrl</c>, default
/// http://127.0.0.1:5000. Behind a proxy or on a real domain it is the address people type.
/// </summary>
public sealed class PortalLinks(IConfiguration configuration)
{
    public const string DefaultBaseUrl = "http://127.0.0.1:5000";

    public Uri BaseUrl { get; } = Parse(configuration["PublicBaseUrl"]);

    /// <summary>The absolute URL of a portal path ("/projects/…"); anything but a local path becomes the home page.</summary>
    public string Absolute(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal)) path = "/";
        return new Uri(BaseUrl, path).ToString();
    }

    /// <summary>The host name used on the right of Message-Ids.</summary>
    public string Host => BaseUrl.Host;

    static Uri Parse(string? value)
    {
        var text = string.IsNullOrWhiteSpace(value) ? DefaultBaseUrl : value.Trim();
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"PublicBaseUrl is \"{value}\"; use the portal's address, e.g. https://portal.example.com.");
        return uri;
    }
}
