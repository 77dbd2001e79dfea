using MasteringPortal.Web.Hosting;

var root = PortalPaths.FindContentRoot();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = root,
    WebRootPath = Path.Combine(root, "wwwroot"),
});

builder.AddPortalServices();

var app = builder.Build();

await app.InitialisePortalAsync();
app.UsePortalPipeline();
app.MapPortalEndpoints();

await app.RunAsync();

public partial class Program { }
