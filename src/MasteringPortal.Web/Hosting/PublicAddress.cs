namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The portal's address as people reach it (<c>PublicBaseUrl</c>, e.g. "https://portal.studio.example"): the one
/// source of absolute links (Stripe's return pages, links in emails). A request's own Host header is never used for
/// them: behind a proxy it is the proxy's view, and with <c>AllowedHosts: *</c> anyone can send any Host. It also
/// says whether the portal is served over HTTPS, which turns on HSTS, the HTTPS redirect and <c>__Host-</c> cookies.
/// </summary>
public sealed class PublicAddress
{
    public const string Key = "PublicBaseUrl";
    public const string Default = "http://127.0.0.1:5000";

    PublicAddress(Uri baseUri) => BaseUri = baseUri;

    /// <summary>Scheme, host, port and path base, with no trailing slash in <see cref="ToString"/>.</summary>
    public Uri BaseUri { get; }

    public bool IsHttps => BaseUri.Scheme == Uri.UriSchemeHttps;

    /// <summary>An absolute URL for a path of the portal ("/projects/…").</summary>
    public string Absolute(string path) => ToString() + "/" + path.TrimStart('/');

    public override string ToString() => BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>Reads <c>PublicBaseUrl</c>; a value that is not an absolute http(s) address stops the start with the reason.</summary>
    public static PublicAddress From(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value)) value = Default;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new InvalidOperationException(
                $"{Key} must be the portal's address as people reach it, such as https://portal.example.com; \"{value}\" is not.");
        return new PublicAddress(uri);
    }
}
