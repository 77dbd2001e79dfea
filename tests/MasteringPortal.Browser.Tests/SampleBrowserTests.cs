using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// A sample master from invitation to commitment in the manual-payment studio, through the real pages: the engineer invites
/// a prospective client, who signs up and asks for a sample of their mix; the engineer renders a passage (the portal
/// proposes it) and posts it; the client hears it beside the same passage of the mix and goes ahead, which submits the project.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class SampleBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string ClientName = "Lark Hollow";
    const string ClientEmail = "hello@larkhollow.example";

    [Fact]
    public async Task An_invited_client_asks_for_a_sample_hears_it_against_the_mix_and_goes_ahead()
    {
        // --- The engineer invites a prospective client; they sign up from the link ----------------------------------
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync("/clients");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("client-name").FillAsync(ClientName);
        await engineer.GetByTestId("client-email").FillAsync(ClientEmail);
        await engineer.GetByTestId("create-invite").ClickAsync();
        var link = await engineer.GetByTestId("invitation-url").InputValueAsync();

        var client = await portal.NewPageAsync(phone: true);
        await client.GotoAsync(link);
        await client.FillAsync("#name", "Mira Lark");
        await client.FillAsync("#password", "a kettle on the hill at dawn");
        await client.FillAsync("#confirm", "a kettle on the hill at dawn");
        await client.ClickAsync("button[type=submit]");
        await PortalBrowserFixture.WaitForCircuitAsync(client);

        // Their single with a 40-second mix (checked by the analysis job, whose short-term loudness proposes the passage).
        var projectId = await DraftWithMixAsync();
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        var panel = client.GetByTestId("sample-panel");
        await PortalBrowserFixture.WaitOrExplainAsync(client, panel.GetByTestId("request-sample"), 60_000);
        await panel.GetByTestId("sample-note").FillAsync("The build into the drop is what I care about.");
        await panel.GetByTestId("request-sample").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("sample-state")).ToContainTextAsync("Sample requested");
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-sample-requested");

        // --- The engineer sees the request, renders the proposed passage and posts it --------------------------------
        await engineer.GotoAsync("/engineer");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("sample-request").Filter(new() { HasText = "Lark" })).ToContainTextAsync("Sample to make");
        await engineer.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("sample-workspace").ClickAsync();
        await engineer.GetByTestId("workspace").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("sample-passage")).ToContainTextAsync("proposed");
        await engineer.GetByTestId("render-sample").ClickAsync();
        var card = engineer.GetByTestId("revision-card").First;
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Ready", new() { Timeout = 120_000 });
        await Assertions.Expect(card.GetByTestId("revision-sample")).ToContainTextAsync("Sample");
        await PortalBrowserFixture.ScreenshotAsync(engineer, "workspace-sample");
        await engineer.GetByTestId("post-note").FillAsync("Here is the drop, opened up and a touch louder.");
        await engineer.GetByTestId("post-revision").ClickAsync();
        await card.GetByTestId("revision-posted").WaitForAsync();

        // --- The client hears the sample beside the same passage of the mix, then goes ahead ------------------------
        await client.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("sample-listen").ClickAsync();
        await client.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await Assertions.Expect(client.GetByTestId("review-live")).ToHaveAttributeAsync("data-state", "live");
        var passage = client.Locator("[data-testid=review-source][data-kind=mix]");
        var sample = client.Locator("[data-testid=review-source][data-kind=revision]");
        await Assertions.Expect(passage).ToContainTextAsync("Mix, same passage");
        await Assertions.Expect(sample).ToContainTextAsync("Sample (");
        await Assertions.Expect(client.GetByTestId("review-source")).ToHaveCountAsync(2);
        // Both are heard from their analyses' waveforms, loudness-matched like any two sources.
        await Assertions.Expect(passage.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await Assertions.Expect(sample.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        Assert.DoesNotContain("Revision 1", await client.GetByTestId("review-page").InnerTextAsync());
        await PortalBrowserFixture.ScreenshotAsync(client, "phone-sample-review");
        await client.GetByTestId("review-sample-go").ClickAsync();
        await client.GetByTestId("project-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(client);
        await client.GetByTestId("sample-commit").ClickAsync();
        await Assertions.Expect(client.GetByTestId("project-status")).ToHaveTextAsync("Submitted");

        // The studio's dashboard counts the request as converted.
        await engineer.GotoAsync("/engineer");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await Assertions.Expect(engineer.GetByTestId("sample-conversion")).ToContainTextAsync("went ahead");
        Assert.Equal(0, await engineer.GetByTestId("sample-request").Filter(new() { HasText = "Lark" }).CountAsync());
    }

    /// <summary>A draft single of the invited client's with a 40-second mix, its analysis queued as an upload would.</summary>
    async Task<Guid> DraftWithMixAsync()
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var client = await db.Clients.SingleAsync(c => c.Email == ClientEmail);
        var (projectId, _) = await TestSongs.NewProjectWithMixAsync(portal.Factory.Services, "Hollow Light", seconds: 40, seed: 19,
            status: ProjectStatus.Draft, clientId: client.Id);
        return projectId;
    }
}
