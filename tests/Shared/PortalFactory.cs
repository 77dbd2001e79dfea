using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MasteringPortal.Testing;

/// <summary>
/// The real portal (Program.cs, the root appsettings.json and wwwroot/) with its own SQLite database and
/// storage folder in a temp directory, so tests never touch ./data. <see cref="StartKestrel"/> serves it
/// on a real loopback port for browser tests.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public PortalFactory() : this(seedDemo: true) { }

    public PortalFactory(bool seedDemo)
    {
        SeedDemo = seedDemo;
        DataDirectory = Directory.CreateTempSubdirectory("mp-web-").FullName;
        ownsDirectory = true;
    }

    /// <summary>A portal on another one's database and files, as the same portal started again after a stop; the directory stays.</summary>
    public PortalFactory(bool seedDemo, string dataDirectory)
    {
        SeedDemo = seedDemo;
        DataDirectory = dataDirectory;
    }

    readonly bool ownsDirectory;

    public bool SeedDemo { get; }

    public string DataDirectory { get; }

    /// <summary>What the portal logged (at Information and above), as its administrator would read it.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The clock the portal reads (TimeProvider), when a test class moves time itself; the system clock otherwise.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>Extra settings a test class wants (key → value), applied over the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>
    /// Services a test class puts in place of the portal's own (an in-process Stripe client, say), applied after the
    /// portal's registrations, for a portal served with <see cref="StartKestrel"/> too (where WithWebHostBuilder cannot help).
    /// </summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (SeedDemo && UsesSeedTemplate) DemoSeedTemplate.CopyInto(DataDirectory);
        builder.UseContentRoot(RepositoryRoot);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(DataDirectory, "portal.db")}");
        builder.UseSetting("Storage:Root", Path.Combine(DataDirectory, "files"));
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(DataDirectory, "keys"));
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
        // Renders make no platform copies unless a test asks (Settings["Jobs:PlatformCopies"] = "true"): each would be
        // three more encodes per render, and only the platform tests look at them.
        builder.UseSetting("Jobs:PlatformCopies", "false");
        // Every test signs in and uploads from the one address of the in-memory server: the per-network limits are
        // lifted here so no test trips them by accident. The rate-limit tests set their own low limits in Settings.
        foreach (var policy in new[] { "SignIn", "SignUp", "Uploads" })
        {
            builder.UseSetting($"RateLimits:{policy}:PermitLimit", "1000000");
            builder.UseSetting($"RateLimits:{policy}:WindowSeconds", "60");
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (Clock is { } clock) builder.ConfigureTestServices(services => services.AddSingleton(clock));
        foreach (var configure in TestServices) builder.ConfigureTestServices(configure);
    }

    /// <summary>
    /// Serves the app with Kestrel on a loopback port and returns its base address: a free one by default, or
    /// <paramref name="port"/> when the portal must know its own address before it starts (PublicBaseUrl: Stripe's return links).
    /// </summary>
    public string StartKestrel(int port = 0)
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return addresses.Addresses.First().TrimEnd('/');
    }

    /// <summary>
    /// Whether a seeded portal starting on an empty directory may begin from a copy of the demo studio another portal of
    /// this test process seeded (<see cref="DemoSeedTemplate"/>) rather than seeding its own. Not when the portal's clock,
    /// database, storage, data-protection keys, email, job or audio settings differ from a default portal's: those shape the
    /// demo's rows and files. A class can turn it off.
    /// </summary>
    public bool UseSeedTemplate { get; set; } = true;

    static readonly string[] SeedShapingSettings = ["Database:", "Email:", "ConnectionStrings:", "Storage:", "DataProtection:", "Demo:", "Jobs:", "Audio:", "Ffmpeg"];

    bool UsesSeedTemplate => UseSeedTemplate && Clock is null
        && !Settings.Keys.Any(key => SeedShapingSettings.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A loopback port that is free now, for <see cref="StartKestrel"/> when the address must be known beforehand.</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string FindRepositoryRoot()
    {
        // A build outside the tree (the upload fuzz target's, in a temp folder) is told where the repository is.
        if (Environment.GetEnvironmentVariable("MASTERINGPORTAL_ROOT") is { Length: > 0 } root) return root;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MasteringPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("MasteringPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
