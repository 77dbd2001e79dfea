using MasteringPortal.Core.Data;

namespace MasteringPortal.Web.Hosting;

/// <summary>
/// A render worker: `dotnet MasteringPortal.Web.dll worker` (or <c>Portal:Role=Worker</c>) runs the same services and
/// configuration as the portal, with its Hangfire servers for the analysis and render queues against the shared
/// PostgreSQL database, and serves nothing but <c>/health</c> (on its own <c>--urls</c>, loopback by default). Web
/// processes of the same install set <c>Jobs:Workers=0</c> and <c>Jobs:AnalysisWorkers=0</c>. A worker never seeds
/// the demo or offers the set-up page: the web processes do.
/// </summary>
public static class WorkerRole
{
    public const string Verb = "worker";
    public const string Key = "Portal:Role";
    public const string Worker = "Worker";

    /// <summary>The host's arguments with the verb turned into configuration.</summary>
    public static string[] Arguments(string[] args) =>
        args.Length > 0 && args[0] == Verb ? [.. args.Skip(1), $"--{Key}={Worker}"] : args;

    public static bool IsWorker(IConfiguration configuration) =>
        string.Equals(configuration[Key], Worker, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why this configuration cannot run a separate worker, or null when it can.</summary>
    public static string? Problem(IConfiguration configuration) =>
        PortalDatabase.ProviderFrom(configuration) == DatabaseProvider.Postgres
            ? null
            : "A separate worker needs the PostgreSQL database the web processes use (Database:Provider=Postgres and "
              + "ConnectionStrings:Postgres): with SQLite, jobs are queued in the web process's memory and only it can run them.";

    /// <summary>The worker's whole HTTP surface: its health.</summary>
    public static WebApplication MapWorker(this WebApplication app)
    {
        app.UsePortalMetrics();
        app.MapPortalHealth();
        return app;
    }
}
