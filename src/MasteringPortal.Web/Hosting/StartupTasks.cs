using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;

namespace MasteringPortal.Web.Hosting;

/// <summary>Before the app listens: migrate the database, make sure the roles exist, seed the demo studio.</summary>
public static class StartupTasks
{
    public static async Task InitialisePortalAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var configuration = services.GetRequiredService<IConfiguration>();
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await PortalDatabaseInitializer.InitializeAsync(services, ct);
        }

        if (configuration.GetValue("Demo:Seed", false))
        {
            await DemoSeeder.SeedAsync(services, ct);
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoLogins(app));
        }
    }

    private static void PrintDemoLogins(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://127.0.0.1:5000";
        Console.WriteLine($"""

            MasteringPortal demo studio is running at {url}
              engineer:  {DemoSeeder.EngineerEmail}  /  {DemoSeeder.Password}
              client:    {DemoSeeder.ClientEmail}  /  {DemoSeeder.Password}
              client:    {DemoSeeder.SecondClientEmail}  /  {DemoSeeder.Password}
            (Demo:Seed=false in appsettings.json turns the demo off; delete ./data to start over.)

            """);
    }
}
