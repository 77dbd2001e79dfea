namespace MasteringPortal.Web.Hosting;

/// <summary>
/// The repository's root <c>appsettings.json</c> and <c>wwwroot/</c> are the app's configuration and web
/// root. Running from a build, the root is found by walking up to <c>MasteringPortal.sln</c>; a published
/// app carries both next to its binaries (see the Web csproj), so its base directory is the root.
/// <c>MASTERINGPORTAL_ROOT</c> overrides both.
/// </summary>
public static class PortalPaths
{
    /// <summary>The host's options: the found content root, its <c>wwwroot/</c> as the web root, and the arguments.</summary>
    public static WebApplicationOptions HostOptions(string[] args)
    {
        var root = FindContentRoot();
        return new WebApplicationOptions { Args = args, ContentRootPath = root, WebRootPath = Path.Combine(root, "wwwroot") };
    }

    public static string FindContentRoot()
    {
        var env = Environment.GetEnvironmentVariable("MASTERINGPORTAL_ROOT");
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MasteringPortal.sln")) &&
                File.Exists(Path.Combine(dir.FullName, "appsettings.json")))
                return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}
