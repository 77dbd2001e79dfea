using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>
/// Checks the six-digit codes of an authenticator app (RFC 6238 TOTP with Otp.NET: SHA-1, 30-second steps, 6 digits,
/// the step before and after accepted for clock drift and typing time, as §5.2 recommends). A code is accepted once:
/// its time step must be later than the last one accepted for the account, so a code seen over someone's shoulder or
/// replayed from a captured request is refused even inside its 90 seconds.
/// </summary>
public sealed class AuthenticatorCodes(IDataProtectionProvider protection, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "PortalAuthenticator";
    public const int StepSeconds = 30;
    public const int Digits = 6;
    public const int KeyBytes = 20; // 160 bits, the HMAC-SHA-1 block the RFC's reference keys use

    static readonly VerificationWindow OneStepEitherSide = new(previous: 1, future: 1);

    public static Totp Totp(byte[] key) => new(key, step: StepSeconds, mode: OtpHashMode.Sha1, totpSize: Digits);

    /// <summary>The code as typed, without the spaces some apps show in the middle; null unless it is six digits.</summary>
    public static string? Normalise(string? typed)
    {
        var code = string.Concat((typed ?? "").Where(c => !char.IsWhiteSpace(c)));
        return code.Length == Digits && code.All(char.IsAsciiDigit) ? code : null;
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        if (Normalise(token) is not { } code) return false;
        var store = new TwoFactorStore(manager, protection);
        if (await store.KeyAsync(user) is not { } key) return false;
        if (!Totp(key).VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, OneStepEitherSide)) return false;
        if (step <= await store.LastAcceptedStepAsync(user)) return false;
        // Saved before the sign-in goes on; a concurrent use of the same code loses on the user's concurrency stamp.
        return (await store.SetLastAcceptedStepAsync(user, step)).Succeeded;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        await new TwoFactorStore(manager, protection).KeyAsync(user) is not null;

    /// <summary>The codes come from the person's own app; the portal never makes or sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) =>
        throw new NotSupportedException("Authenticator codes are made by the person's app, not by the portal.");
}
