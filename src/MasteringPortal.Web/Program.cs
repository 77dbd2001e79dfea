using MasteringPortal.Web.Features.Archive;
using MasteringPortal.Web.Features.AccessTokens;
using MasteringPortal.Web.Features.Account;
using MasteringPortal.Web.Features.ApiV1;
using MasteringPortal.Web.Features.Backups;
using MasteringPortal.Web.Features.Clients;
using MasteringPortal.Web.Features.Dashboard;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Email;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Samples;
using MasteringPortal.Web.Features.Jobs;
using MasteringPortal.Web.Features.Notifications;
using MasteringPortal.Web.Features.Payments;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Retention;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Features.Setup;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Features.Storage;
using MasteringPortal.Web.Features.StudioSettings;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Hosting;

// `backup` and `restore` run with the portal's configuration and exit without serving.
if (await AdminCommands.TryRunAsync(args, Console.Out, Console.Error) is { } exitCode) return exitCode;

// `setup …` founds a studio from the command line and exits; its options are not configuration.
var setup = SetupCommand.IsRequested(args);
var builder = WebApplication.CreateBuilder(PortalPaths.HostOptions(setup ? [] : WorkerRole.Arguments(args)));
var worker = WorkerRole.IsWorker(builder.Configuration);
if (worker && WorkerRole.Problem(builder.Configuration) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}

// The host: domain services, database, file store, Blazor + MudBlazor, health checks.
builder.AddPortalHost();
// The features, each from its folder under Features/.
builder.AddAccount();
builder.Services.AddAccessTokens();
builder.AddJobs();
builder.AddEmail();
builder.AddBackups();
builder.AddRetention();
builder.Services
    .AddDashboard()
    .AddSamples()
    .AddClients()
    .AddProjects()
    .AddUploads()
    .AddWorkspace()
    .AddReview(builder.Configuration)
    .AddPayments()
    .AddStudioSettings()
    .AddStorageAccounting()
    .AddNotifications()
    .AddApiV1()
    .AddSetup()
    .AddTeam();

var app = builder.Build();
if (setup) return await SetupCommand.RunAsync(app, args, Console.In, Console.Out, Console.Error);

await app.InitialisePortalAsync();
if (worker)
{
    // Renders and analyses from the shared queues; nothing to browse here but /health.
    app.MapWorker();
    await app.RunAsync();
    return 0;
}
app.UsePortalPipeline();

app.MapPortalApi();
app.MapAccount();
app.MapUploads();
app.MapFiles();
app.MapReview();
app.MapPayments();
app.MapDelivery();
app.MapClientExport();
app.MapProjectArchive();
app.MapApiV1();
app.MapJobs();
app.MapPortalPages();

await app.RunAsync();
return 0;

public partial class Program { }
