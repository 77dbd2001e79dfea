namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// First-run set-up: a portal with no studio shows only its set-up page, guarded by a one-time code printed to the
/// log at start; <c>setup</c> on the command line does the same for scripted installs (<see cref="SetupCommand"/>).
/// </summary>
public static class SetupFeature
{
    public static IServiceCollection AddSetup(this IServiceCollection services)
    {
        services.AddSingleton<SetupCode>();
        services.AddSingleton<SetupState>();
        services.AddScoped<StudioFounding>();
        services.AddScoped<SetupFlow>();
        return services;
    }

    /// <summary>Once the portal listens: when it has no studio yet, prints a fresh set-up code with the page's address.</summary>
    public static async Task OfferSetupAsync(this WebApplication app, CancellationToken ct = default)
    {
        if (await app.Services.GetRequiredService<SetupState>().IsSetUpAsync(ct)) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = (app.Urls.FirstOrDefault() ?? "http://127.0.0.1:5000").TrimEnd('/') + SetupGate.Path;
            app.Services.GetRequiredService<SetupCode>().Issue(url);
        });
    }
}
