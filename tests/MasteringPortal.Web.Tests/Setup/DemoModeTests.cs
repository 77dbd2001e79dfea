using System.Text.Json;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;

namespace MasteringPortal.Web.Tests.Setup;

/// <summary>The demo is opt-in, and a demo studio says on every page that its passwords are public.</summary>
[Collection(PortalWebCollection.Name)]
public sealed class DemoModeTests(PortalWebFixture portal)
{
    [Fact]
    public void The_shipped_configuration_seeds_no_demo()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(PortalFactory.RepositoryRoot, "appsettings.json")));
        Assert.False(json.RootElement.GetProperty("Demo").GetProperty("Seed").GetBoolean());
    }

    [Fact]
    public void Run_script_turns_the_demo_on_for_its_own_run_and_says_so()
    {
        var script = File.ReadAllText(Path.Combine(PortalFactory.RepositoryRoot, "run.sh"));
        Assert.Contains("export Demo__Seed=true", script);
        Assert.Contains("Demo mode:", script);
    }

    [Fact]
    public async Task The_demo_studio_is_marked_on_the_sign_in_page_and_on_signed_in_pages()
    {
        using var client = portal.NewClient();
        Assert.Contains("data-testid=\"demo-banner\"", await client.GetStringAsync("/account/login"));
        await Forms.SignInAsync(client, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        Assert.Contains("data-testid=\"demo-banner\"", await client.GetStringAsync("/engineer"));
        Assert.Contains("data-testid=\"demo-banner\"", await client.GetStringAsync("/studio"));
    }
}
