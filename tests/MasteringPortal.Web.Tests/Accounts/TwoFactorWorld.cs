using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Team;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Tests.Accounts;

/// <summary>The team world on a clock the tests move: the portal checks codes against it, the test's app computes them from it.</summary>
public sealed class TwoFactorWorld : TeamWorld
{
    internal SettableClock Clock { get; }

    public TwoFactorWorld()
    {
        // The first second of a 30-second step, near the real time (cookies and records stay believable).
        var now = DateTimeOffset.UtcNow;
        Clock = new SettableClock(now.AddSeconds(-(now.ToUnixTimeSeconds() % 30) + 1));
        Factory.Clock = Clock;
    }

    public DateTimeOffset Now => Clock.Now;

    /// <summary>The next 30-second step: a new code in the app.</summary>
    public void NextStep() => Clock.Now += TimeSpan.FromSeconds(30);

    public async Task<PortalUser> UserAsync(string userId) => (await Service<UserManager<PortalUser>>().FindByIdAsync(userId))!;

    /// <summary>A new engineer who has turned two-factor sign-in on; their signed-in browser, email, key and recovery codes.</summary>
    public async Task<(HttpClient Browser, string UserId, string Email, byte[] Key, IReadOnlyList<string> RecoveryCodes)> EnrolledAsync(string name)
    {
        var (browser, userId, _) = await JoinAsync(TeamRole.Engineer, name);
        var (key, codes) = await TwoFactorForms.EnrolAsync(browser, Now);
        NextStep();
        return (browser, userId, (await UserAsync(userId)).Email!, key, codes);
    }
}
