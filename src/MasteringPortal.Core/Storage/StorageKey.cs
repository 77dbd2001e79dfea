namespace MasteringPortal.Core.Storage;

/// <summary>The only strings that may name a stored file: 64 lower-case hex digits (a SHA-256).</summary>
public static class StorageKey
{
    public const int Length = 64;

    public static bool IsValid(string? key)
    {
        if (key is null || key.Length != Length) return false;
        foreach (var c in key)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    public static string Require(string? key) => IsValid(key)
        ? key!
        : throw new ArgumentException("Not a storage key: a key is the 64 lower-case hex digits of a SHA-256.", nameof(key));
}
