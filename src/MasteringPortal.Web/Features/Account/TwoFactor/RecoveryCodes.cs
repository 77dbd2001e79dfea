using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>
/// One-time recovery codes for someone without their phone: ten at a time, each 80 random bits written as four groups
/// of four letters and digits (no 0/O or 1/I to misread), stored only as a SHA-256 hash salted with the account's id,
/// and struck off when used. Offered to Identity as a second token provider so that a wrong recovery code counts
/// toward the lockout exactly as a wrong app code does.
/// </summary>
public sealed class RecoveryCodes(IDataProtectionProvider protection) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "PortalRecovery";
    public const int Count = 10;
    const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols: 5 bits each
    const int Symbols = 16;

    public static IReadOnlyList<string> New() => Enumerable.Range(0, Count).Select(_ => NewCode()).ToList();

    static string NewCode()
    {
        var code = new StringBuilder(Symbols + 3);
        for (var i = 0; i < Symbols; i++)
        {
            if (i > 0 && i % 4 == 0) code.Append('-');
            code.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }
        return code.ToString();
    }

    /// <summary>What is stored for a code: dashes, spaces and letter case do not matter when it is typed back.</summary>
    public static string Hash(string userId, string code)
    {
        var normalised = string.Concat(code.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId + ":" + normalised)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        if (string.IsNullOrWhiteSpace(token)) return false;
        var store = new TwoFactorStore(manager, protection);
        var hashes = await store.RecoveryCodeHashesAsync(user);
        var hash = Hash(user.Id, token);
        if (!hashes.Contains(hash)) return false;
        return (await store.SetRecoveryCodeHashesAsync(user, hashes.Where(h => h != hash))).Succeeded;
    }

    /// <summary>Never a way of its own to sign in: only a stand-in for the app once two-factor sign-in is on.</summary>
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(false);

    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) =>
        throw new NotSupportedException("Recovery codes are made in sets of ten on the two-factor page.");
}
