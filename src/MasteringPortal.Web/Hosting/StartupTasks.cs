using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Setup;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Hosting;

/// <summary>Before the app listens: migrate the database, make sure the roles exist, seed the demo studio, and offer
/// the set-up page (with its one-time code) when there is no studio.</summary>
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

        // A worker process leaves the demo and the set-up page to the web processes.
        if (WorkerRole.IsWorker(configuration)) return;

        if (configuration.GetValue("Demo:Seed", false))
        {
            await DemoSeeder.SeedAsync(services, ct);
            // Only a demo studio's passwords are public: a database that already held a real studio seeds nothing.
            if (await services.GetRequiredService<PortalDbContext>().Studios.AnyAsync(s => s.IsDemo, ct))
                app.Lifetime.ApplicationStarted.Register(() => PrintDemoLogins(app));
        }
        await app.OfferSetupAsync(ct);
    }

    private static void PrintDemoLogins(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://127.0.0.1:5000";
        Console.WriteLine($"""

            MasteringPortal demo studio is running at {url}
              engineer:  {DemoSeeder.EngineerEmail}  /  {DemoSeeder.Password}
              client:    {DemoSeeder.ClientEmail}  /  {DemoSeeder.Password}
              client:    {DemoSeeder.SecondClientEmail}  /  {DemoSeeder.Password}
            Demo mode (Demo__Seed=true): these passwords are public, so keep real music out of this studio.
            Delete ./data to start over; start the app without Demo__Seed to set up a real studio.

            """);
    }
}
