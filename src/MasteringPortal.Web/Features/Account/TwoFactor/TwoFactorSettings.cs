using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>Where an account stands: on or off, the key being set up (while off), and how many recovery codes are left.</summary>
public sealed record TwoFactorState(bool Enabled, AuthenticatorLink? Setup, int RecoveryCodesLeft);

/// <summary>
/// Turning two-factor sign-in on and off for the signed-in person. On needs a current code from the app (so a
/// mistyped key is caught before it locks anyone out) and hands out ten recovery codes, shown once. Off, and a new
/// set of recovery codes, need the password or a current code: a session left open on a shared computer is not
/// enough. Wrong proofs count toward the account's lockout. Each change of the on/off state gives the account a new
/// security stamp (Identity does), so its other sessions end; the page refreshes its own cookie.
/// </summary>
public sealed class TwoFactorSettings(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, TwoFactorStore store)
{
    public async Task<TwoFactorState> StateAsync(PortalUser user)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
            return new TwoFactorState(true, null, (await store.RecoveryCodeHashesAsync(user)).Count);
        var key = await store.KeyAsync(user);
        return new TwoFactorState(false, key is null ? null : AuthenticatorLink.For(key, user.Email ?? user.UserName ?? user.Id), 0);
    }

    /// <summary>A new key to scan, replacing any key from a set-up that was not finished. Nothing changes while it is on.</summary>
    public async Task BeginAsync(PortalUser user)
    {
        if (await users.GetTwoFactorEnabledAsync(user)) return;
        await store.SetKeyAsync(user, KeyGeneration.GenerateRandomKey(AuthenticatorCodes.KeyBytes));
    }

    /// <summary>Turns it on when <paramref name="code"/> is the app's current code; returns the recovery codes, or null.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(PortalUser user, string code)
    {
        if (await users.GetTwoFactorEnabledAsync(user)) return null;
        if (!await users.VerifyTwoFactorTokenAsync(user, AuthenticatorCodes.ProviderName, code)) return null;
        if (!(await users.SetTwoFactorEnabledAsync(user, true)).Succeeded) return null;
        return await ReplaceRecoveryCodesAsync(user);
    }

    /// <summary>A new set of ten, voiding the old set; null unless it is on and <paramref name="proof"/> holds.</summary>
    public async Task<IReadOnlyList<string>?> NewRecoveryCodesAsync(PortalUser user, string proof)
    {
        if (!await users.GetTwoFactorEnabledAsync(user) || !await ProvesAsync(user, proof)) return null;
        return await ReplaceRecoveryCodesAsync(user);
    }

    /// <summary>Turns it off and forgets the key and codes; false when <paramref name="proof"/> does not hold.</summary>
    public async Task<bool> DisableAsync(PortalUser user, string proof)
    {
        if (!await users.GetTwoFactorEnabledAsync(user) || !await ProvesAsync(user, proof)) return false;
        if (!(await users.SetTwoFactorEnabledAsync(user, false)).Succeeded) return false;
        return (await store.ClearAsync(user)).Succeeded;
    }

    /// <summary>The password, or a current code from the app; a wrong one counts toward the lockout.</summary>
    async Task<bool> ProvesAsync(PortalUser user, string proof)
    {
        if (string.IsNullOrEmpty(proof) || await users.IsLockedOutAsync(user)) return false;
        if (AuthenticatorCodes.Normalise(proof) is { } code)
        {
            if (await users.VerifyTwoFactorTokenAsync(user, AuthenticatorCodes.ProviderName, code)) return true;
            await users.AccessFailedAsync(user);
            return false;
        }
        return (await signIn.CheckPasswordSignInAsync(user, proof, lockoutOnFailure: true)).Succeeded;
    }

    async Task<IReadOnlyList<string>?> ReplaceRecoveryCodesAsync(PortalUser user)
    {
        var codes = RecoveryCodes.New();
        var saved = await store.SetRecoveryCodeHashesAsync(user, codes.Select(c => RecoveryCodes.Hash(user.Id, c)));
        return saved.Succeeded ? codes : null;
    }
}
