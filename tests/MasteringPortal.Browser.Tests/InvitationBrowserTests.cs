using MasteringPortal.Core.Data;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Browser.Tests;

/// <summary>The engineer invites a new client from a phone and gets a link that opens the sign-up form.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class InvitationBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
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
    }

    [Fact]
    public async Task Studio_settings_refuse_an_invalid_currency_with_a_clear_message()
    {
        var before = await StudioCurrencyAsync();
        var page = await portal.NewPageAsync();
        await portal.SignInAsync(page, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await page.GotoAsync("/studio");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        Assert.Equal(before, await page.GetByTestId("studio-currency").InputValueAsync());
        await page.GetByTestId("studio-currency").FillAsync("E1");
        // Leaving the field checks it, as a person sees it: the message under the field, before any save.
        await page.GetByTestId("studio-currency").PressAsync("Tab");
        var message = page.GetByText("Use the three-letter currency code");
        await PortalBrowserFixture.WaitOrExplainAsync(page, message);
        await page.GetByTestId("save-studio").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(page, message);
        Assert.True(await message.IsVisibleAsync());
        await PortalBrowserFixture.ScreenshotAsync(page, "studio-settings-invalid");
        Assert.Equal(0, await page.GetByText("Studio settings saved.").CountAsync());

        // Refused means not saved: a fresh load shows the stored currency, which is unchanged.
        await page.GotoAsync("/studio");
        await PortalBrowserFixture.WaitForCircuitAsync(page);
        Assert.Equal(before, await page.GetByTestId("studio-currency").InputValueAsync());
        Assert.Equal(before, await StudioCurrencyAsync());
    }

    async Task<string> StudioCurrencyAsync()
    {
        var studioId = (await DemoPeople.ReadAsync(portal.Factory.Services)).StudioId;
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.Studios.AsNoTracking().SingleAsync(s => s.Id == studioId)).Currency;
    }
}
