using MasteringPortal.Web.Demo;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>The owner erases a client on request from a phone: the erase form opens from the keyboard, asks for the name, and the audit log says it.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class ClientErasureBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    [Fact]
    public async Task The_owner_erases_a_client_after_typing_their_name_and_reads_it_in_the_audit_log()
    {
        const string name = "Marsh Wren Duo";
        var page = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await page.GotoAsync("/clients");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("client-name").FillAsync(name);
        await page.GetByTestId("client-email").FillAsync("hello@marshwren.example");
        await page.GetByTestId("create-invite").ClickAsync();
        await page.GetByTestId("invitation-url").WaitForAsync();

        var row = page.GetByTestId("client-row").Filter(new() { HasText = name });
        Assert.Equal(1, await row.GetByTestId("export-client").CountAsync());
        // Opened from the keyboard: the summary is focusable and Enter unfolds it.
        await row.GetByTestId("erase-client").Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var confirm = row.GetByTestId("erase-confirm");
        await confirm.FillAsync("Marsh Wren");
        await row.GetByTestId("erase-button").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(page, page.GetByText("Type the client's name exactly as shown to confirm"));

        await confirm.FillAsync(name);
        await row.GetByTestId("erase-button").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("audit-log").GetByText("Erased a client's personal data on request"));
        Assert.Equal(0, await page.GetByTestId("client-row").Filter(new() { HasText = name }).CountAsync());
        Assert.True(await page.GetByTestId("client-erased").CountAsync() >= 1);
        await PortalBrowserFixture.ScreenshotAsync(page, "phone-clients-erased");
    }
}
