using System.Security.Cryptography;
using System.Text;

namespace MasteringPortal.Web.Features.Setup;

/// <summary>
/// The one-time code that protects the set-up page of a portal with no studio yet: printed to the server's log at
/// start, so only whoever can read the log (the person who installed it) can claim the portal. Only its SHA-256 is
/// kept, in memory: a restart before set-up prints a new one, and once a studio exists there is none.
/// </summary>
public sealed class SetupCode(ILogger<SetupCode> logger)
{
    // No 0/O, 1/I/L: the code is read off a terminal and typed.
    const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    readonly Lock gate = new();
    byte[]? hash;
    bool claimed;

    /// <summary>Makes a new code, logs it, and forgets all but its hash.</summary>
    public void Issue(string setupUrl)
    {
        var chars = new char[15];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = i % 5 == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var code = new string(chars, 0, 14);
        lock (gate)
        {
            hash = Hash(code);
            claimed = false;
        }
        logger.LogWarning("This portal has no studio yet. Open {SetupUrl} and enter the set-up code {SetupCode} " +
                          "(it works once; restarting the portal makes a new one).", setupUrl, code);
    }

    /// <summary>
    /// Takes the code for one set-up attempt: true only for the right code while nobody else holds it. The holder calls
    /// <see cref="Retire"/> when the studio exists, or <see cref="Release"/> when the attempt was refused.
    /// </summary>
    public bool TryClaim(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return false;
        var offered = Hash(code);
        lock (gate)
        {
            if (hash is null || claimed || !CryptographicOperations.FixedTimeEquals(hash, offered)) return false;
            claimed = true;
            return true;
        }
    }

    public void Release()
    {
        lock (gate) claimed = false;
    }

    /// <summary>The studio exists: the code never works again.</summary>
    public void Retire()
    {
        lock (gate)
        {
            hash = null;
            claimed = false;
        }
    }

    /// <summary>Case, spaces and dashes do not matter when the code is typed.</summary>
    static byte[] Hash(string code)
    {
        var normalised = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return SHA256.HashData(Encoding.UTF8.GetBytes(normalised));
    }
}
