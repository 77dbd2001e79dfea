using MasteringPortal.Web.Demo;

namespace MasteringPortal.Browser.Tests;

/// <summary>The engineer invites a new client from a phone and gets a link that opens the sign-up form.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class InvitationBrowserTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task Engineer_creates_a_client_and_gets_an_invitation_link_that_opens_sign_up()
    {
        var page = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await page.GotoAsync("/clients");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("client-name").FillAsync("Nightjar Collective");
        await page.GetByTestId("client-email").FillAsync("hello@nightjar.example");
        await page.GetByTestId("create-invite").ClickAsync();
        var url = await page.GetByTestId("invitation-url").InputValueAsync();
        Assert.Contains("/account/signup?token=", url);
        await PortalBrowserFixture.ScreenshotAsync(page, "phone-clients-invitation");

        var invitee = await portal.NewPageAsync(phone: true);
        await invitee.GotoAsync(url);
        Assert.Contains("Nightjar Collective", await invitee.InnerTextAsync("body"));
        Assert.Equal(1, await invitee.Locator("#password").CountAsync());
        await PortalBrowserFixture.ScreenshotAsync(invitee, "phone-signup");
        await invitee.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Studio_settings_refuse_an_invalid_currency_with_a_clear_message()
    {
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await page.GotoAsync("/studio");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("studio-currency").FillAsync("E1");
        await page.GetByTestId("save-studio").ClickAsync();
        await page.GetByText("Use the three-letter currency code").WaitForAsync();
        await PortalBrowserFixture.ScreenshotAsync(page, "studio-settings-invalid");
        await page.Context.CloseAsync();
    }
}
