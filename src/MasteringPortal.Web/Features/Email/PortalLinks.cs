using MasteringPortal.Web.Hosting;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// Absolute links for emails, which are read outside any request: from <see cref="PublicAddress"/>
/// (<c>PublicBaseUrl</c>), the one source of absolute URLs. Only a local path of the portal becomes a link.
/// </summary>
public sealed class PortalLinks(PublicAddress address)
{
    public Uri BaseUrl => address.BaseUri;

    /// <summary>The absolute URL of a portal path ("/projects/…"); anything but a local path becomes the home page.</summary>
    public string Absolute(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal)) path = "/";
        return address.Absolute(path);
    }

    /// <summary>The host name used on the right of Message-Ids.</summary>
    public string Host => address.BaseUri.Host;
}
