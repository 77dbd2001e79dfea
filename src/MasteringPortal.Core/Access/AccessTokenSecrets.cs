using System.Security.Cryptography;
using System.Text;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Access;

/// <summary>
/// Personal access tokens: <c>mp_</c> and 32 random bytes in base64url (43 characters). The database keeps the
/// SHA-256 of the whole text and its first characters as a label; the token itself is shown once, at creation.
/// </summary>
public static class AccessTokenSecrets
{
    public const string Marker = "mp_";
    const int RandomBytes = 32;
    const int EncodedLength = 43; // 32 bytes in base64url without padding
    const int PrefixLength = 9;   // "mp_" and six characters: 36 of the 256 random bits, enough to tell tokens apart

    /// <summary>A new token for an engineer of a studio (not yet saved) and its text, to show once.</summary>
    public static (AccessToken Token, string Secret) Create(string userId, Guid studioId, string name, DateTimeOffset now)
    {
        var secret = Marker + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
        var token = new AccessToken
        {
            UserId = userId,
            StudioId = studioId,
            Name = name.Trim(),
            TokenHash = Hash(secret),
            Prefix = secret[..PrefixLength],
            CreatedAt = now,
        };
        return (token, secret);
    }

    /// <summary>Whether a text has the shape of a token (so a wrong header is refused before the database is asked).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: EncodedLength + 3 } && text.StartsWith(Marker, StringComparison.Ordinal)
        && text.AsSpan(Marker.Length).IndexOfAnyExcept(Base64UrlAlphabet) < 0;

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
