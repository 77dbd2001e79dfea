using System.Globalization;
using System.Security.Cryptography;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>
/// An account's two-factor secrets, kept in Identity's user-token table under the portal's own provider name (no table
/// of ours). The authenticator key is encrypted with Data Protection, so a copy of the database alone cannot make codes;
/// recovery codes are kept only as SHA-256 hashes; the last time step a code was accepted for is kept so that no code
/// is accepted twice (RFC 6238 §5.2). Every write goes through <see cref="UserManager{TUser}.UpdateAsync"/>, whose
/// concurrency stamp makes the second of two racing writes fail instead of both succeeding.
/// </summary>
/// <remarks>Built per call with the caller's <see cref="UserManager{TUser}"/>: the token providers that use it are
/// themselves created by the user manager, so it cannot be injected into them.</remarks>
public sealed class TwoFactorStore(UserManager<PortalUser> users, IDataProtectionProvider protection)
{
    const string Provider = "[MasteringPortal.TwoFactor]";
    const string KeyToken = "AuthenticatorKey";
    const string StepToken = "LastAcceptedStep";
    const string RecoveryToken = "RecoveryCodeHashes";

    readonly IDataProtector protector = protection.CreateProtector("MasteringPortal.TwoFactor.AuthenticatorKey");

    /// <summary>The shared key, or null when there is none or it can no longer be decrypted (its data-protection key is gone).</summary>
    public async Task<byte[]?> KeyAsync(PortalUser user)
    {
        var stored = await users.GetAuthenticationTokenAsync(user, Provider, KeyToken);
        if (string.IsNullOrEmpty(stored)) return null;
        try { return protector.Unprotect(Convert.FromBase64String(stored)); }
        catch (CryptographicException) { return null; }
        catch (FormatException) { return null; }
    }

    public Task<IdentityResult> SetKeyAsync(PortalUser user, byte[] key) =>
        users.SetAuthenticationTokenAsync(user, Provider, KeyToken, Convert.ToBase64String(protector.Protect(key)));

    /// <summary>The last RFC 6238 time step a code was accepted for, or -1.</summary>
    public async Task<long> LastAcceptedStepAsync(PortalUser user) =>
        long.TryParse(await users.GetAuthenticationTokenAsync(user, Provider, StepToken), NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : -1;

    public Task<IdentityResult> SetLastAcceptedStepAsync(PortalUser user, long step) =>
        users.SetAuthenticationTokenAsync(user, Provider, StepToken, step.ToString(CultureInfo.InvariantCulture));

    public async Task<IReadOnlyList<string>> RecoveryCodeHashesAsync(PortalUser user) =>
        (await users.GetAuthenticationTokenAsync(user, Provider, RecoveryToken) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);

    public Task<IdentityResult> SetRecoveryCodeHashesAsync(PortalUser user, IEnumerable<string> hashes) =>
        users.SetAuthenticationTokenAsync(user, Provider, RecoveryToken, string.Join(';', hashes));

    /// <summary>Forgets the key, the recovery codes and the last step (turning two-factor sign-in off).</summary>
    public async Task<IdentityResult> ClearAsync(PortalUser user)
    {
        foreach (var name in new[] { KeyToken, StepToken, RecoveryToken })
        {
            var result = await users.RemoveAuthenticationTokenAsync(user, Provider, name);
            if (!result.Succeeded) return result;
        }
        return IdentityResult.Success;
    }
}
