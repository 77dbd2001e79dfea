using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Team;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>A new engineer turns on two-factor sign-in from a phone and signs in with the code an app would show.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class TwoFactorBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string Password = "a phone in the other pocket";

    [Fact]
    public async Task An_engineer_turns_on_two_factor_on_a_phone_and_signs_in_with_a_code()
    {
        var email = $"lena-{Guid.NewGuid():N}@demo.studio";
        var people = await DemoPeople.ReadAsync(portal.Factory.Services);
        using (var scope = portal.Factory.Services.CreateScope())
        {
            var link = await scope.ServiceProvider.GetRequiredService<TeamService>().InviteAsync(people.Engineer,
                new TeamInvitationForm { Email = email, Role = TeamRole.Engineer, SendByEmail = false }, portal.BaseUrl);
            var signUp = await portal.NewPageAsync(phone: true);
            await signUp.GotoAsync(link!.Url);
            await signUp.FillAsync("#name", "Lena");
            await signUp.FillAsync("#password", Password);
            await signUp.FillAsync("#confirm", Password);
            await signUp.ClickAsync("button[type=submit]");
            await PortalBrowserFixture.WaitForCircuitAsync(signUp);

            // From the account page by keyboard-reachable links, as a person finds it.
            await signUp.GotoAsync("/account/password");
            await signUp.GetByTestId("two-factor-link").ClickAsync();
            await signUp.GetByTestId("two-factor-begin").ClickAsync();
            var key = signUp.GetByTestId("two-factor-key");
            await PortalBrowserFixture.WaitOrExplainAsync(signUp, key);
            Assert.True(await signUp.GetByTestId("two-factor-qr").Locator("svg").IsVisibleAsync());
            await PortalBrowserFixture.ScreenshotAsync(signUp, "phone-two-factor-setup");

            var secret = Rfc6238.FromBase32(await key.InnerTextAsync());
            await signUp.FillAsync("#code", Rfc6238.Code(secret, DateTimeOffset.UtcNow));
            await signUp.GetByTestId("two-factor-enable").ClickAsync();
            await PortalBrowserFixture.WaitOrExplainAsync(signUp, signUp.GetByTestId("recovery-codes"));
            Assert.Equal(10, await signUp.GetByTestId("recovery-codes").Locator("li").CountAsync());
            await PortalBrowserFixture.ScreenshotAsync(signUp, "phone-two-factor-recovery-codes");

            var phone = await portal.NewPageAsync(phone: true);
            await phone.GotoAsync("/account/login");
            await phone.FillAsync("#email", email);
            await phone.FillAsync("#password", Password);
            await phone.ClickAsync("button[type=submit]");
            await phone.WaitForURLAsync("**/account/login/code**");
            // The code of the step after the one used to turn it on (accepted one step early): never a replay.
            await phone.FillAsync("#code", Rfc6238.Code(secret, DateTimeOffset.UtcNow.AddSeconds(30)));
            await PortalBrowserFixture.ScreenshotAsync(phone, "phone-two-factor-code");
            await phone.Keyboard.PressAsync("Enter");
            await PortalBrowserFixture.WaitForCircuitAsync(phone);
            Assert.DoesNotContain("/account/login", phone.Url);
        }
        Assert.Empty(portal.CspViolations.Where(v => v.Contains("/account/")));
    }
}
