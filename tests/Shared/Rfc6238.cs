using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MasteringPortal.Testing;

/// <summary>
/// The test's own authenticator app: RFC 6238 TOTP (HMAC-SHA-1, 30-second steps) and RFC 4648 base32, written from the
/// RFCs and not through Otp.NET, so a wrong setting of the portal's library (hash, step, digits) cannot agree with itself.
/// </summary>
public static class Rfc6238
{
    public static string Code(byte[] key, DateTimeOffset at, int digits = 6)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F; // RFC 4226 §5.3 dynamic truncation
        var value = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFF_FFFF;
        return (value % (int)Math.Pow(10, digits)).ToString().PadLeft(digits, '0');
    }

    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var buffer = 0;
        var bytes = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c != ' ' && c != '='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return bytes.ToArray();
    }
}
