using System.Globalization;
using System.Text;

namespace MasteringPortal.Audio.Release;

/// <summary>
/// The two identification codes a CD release carries: the ISRC of each recording (ISO 3901) and the
/// release's barcode number, a UPC-A or EAN-13 from GS1, which the disc stores as its 13-digit
/// "media catalogue number". Input is what people paste from a distributor's e-mail or a spreadsheet
/// ("gb-abc-24-00001", "5 012345 678900"); the normalised form is what goes onto the disc.
/// Every refusal comes with a sentence a musician can act on.
/// </summary>
public static class ReleaseCodes
{
    /// <summary>An ISRC without separators: 12 characters.</summary>
    public const int IsrcLength = 12;

    /// <summary>The media catalogue number of a CD (IEC 60908 Q-channel mode 2): always 13 digits.</summary>
    public const int CatalogueNumberLength = 13;

    private const string IsrcShape = "two letters, three letters or digits, two digits for the year, five digits";

    /// <summary>
    /// Checks and normalises an ISRC. ISO 3901 defines it as 12 characters: a two-letter country (prefix)
    /// code, a three-character registrant code (letters or digits), the two last digits of the year of
    /// reference and a five-digit designation code. The standard's display form separates the parts with
    /// hyphens ("GB-ABC-24-00001"); those, spaces and lower case are accepted and removed, as is an
    /// "ISRC" label in front. On success <paramref name="isrc"/> holds the 12 upper-case characters.
    /// </summary>
    public static bool TryNormaliseIsrc(string? input, out string isrc, out string? problem)
    {
        isrc = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = $"The ISRC is empty; an ISRC has 12 characters ({IsrcShape}), for example GB-ABC-24-00001.";
            return false;
        }

        var compact = Compact(input).ToUpperInvariant();
        // People paste "ISRC: GB-ABC-24-00001" from a label copy; a 16-character code starting with the label is that.
        if (compact.Length == IsrcLength + 4 && compact.StartsWith("ISRC", StringComparison.Ordinal))
            compact = compact[4..];
        else if (compact.StartsWith("ISRC:", StringComparison.Ordinal))
            compact = compact[5..];

        var shown = input.Trim();
        foreach (var c in compact)
        {
            if (!IsAsciiLetterOrDigit(c))
            {
                problem = $"ISRC \"{shown}\" contains {Describe(c)}, which an ISRC can't hold; it is made of letters A–Z and digits only ({IsrcShape}).";
                return false;
            }
        }

        if (compact.Length != IsrcLength)
        {
            problem = $"ISRC \"{shown}\" has {compact.Length} character{(compact.Length == 1 ? "" : "s")}; an ISRC has 12 ({IsrcShape}).";
            return false;
        }

        if (!char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]))
        {
            problem = $"ISRC \"{shown}\" must start with a two-letter country code such as GB or US, not \"{compact[..2]}\".";
            return false;
        }

        if (!char.IsAsciiDigit(compact[5]) || !char.IsAsciiDigit(compact[6]))
        {
            problem = $"ISRC \"{shown}\": characters 6 and 7 must be the two digits of the year (for example 24 for 2024), not \"{compact[5..7]}\".";
            return false;
        }

        for (var i = 7; i < IsrcLength; i++)
        {
            if (!char.IsAsciiDigit(compact[i]))
            {
                problem = $"ISRC \"{shown}\": the last five characters must be digits (the recording's number), not \"{compact[7..]}\".";
                return false;
            }
        }

        isrc = compact;
        problem = null;
        return true;
    }

    /// <summary>
    /// Checks and normalises a UPC-A (12 digits) or EAN-13 (13 digits) barcode number, including the GS1
    /// check digit (the last digit). Spaces and hyphens are removed. On success <paramref name="code"/>
    /// holds the 12 or 13 digits as given; <see cref="ToCatalogueNumber"/> turns either into the 13 digits
    /// a CD stores.
    /// </summary>
    public static bool TryNormaliseUpcEan(string? input, out string code, out string? problem)
    {
        code = "";
        if (string.IsNullOrWhiteSpace(input))
        {
            problem = "The UPC/EAN is empty; a barcode number has 12 digits (UPC) or 13 digits (EAN).";
            return false;
        }

        var compact = Compact(input);
        var shown = input.Trim();
        foreach (var c in compact)
        {
            if (!char.IsAsciiDigit(c))
            {
                problem = $"UPC/EAN \"{shown}\" contains {Describe(c)}; a barcode number has digits only.";
                return false;
            }
        }

        if (compact.Length is not (12 or 13))
        {
            var hint = compact.Length == 8 ? " An 8-digit EAN-8 can't be used as a CD's catalogue number." : "";
            problem = $"UPC/EAN \"{shown}\" has {compact.Length} digits; a barcode number has 12 digits (UPC) or 13 digits (EAN).{hint}";
            return false;
        }

        var expected = Gs1CheckDigit(compact.AsSpan(0, compact.Length - 1));
        var actual = compact[^1] - '0';
        if (expected != actual)
        {
            problem = $"UPC/EAN \"{shown}\" ends in {actual}, but its check digit should be {expected}; a digit was probably mistyped.";
            return false;
        }

        code = compact;
        problem = null;
        return true;
    }

    /// <summary>The normalised ISRC, or an <see cref="ArgumentException"/> carrying the plain-English problem.</summary>
    public static string NormaliseIsrc(string input) =>
        TryNormaliseIsrc(input, out var isrc, out var problem) ? isrc : throw new ArgumentException(problem, nameof(input));

    /// <summary>The normalised UPC/EAN (12 or 13 digits), or an <see cref="ArgumentException"/> with the problem.</summary>
    public static string NormaliseUpcEan(string input) =>
        TryNormaliseUpcEan(input, out var code, out var problem) ? code : throw new ArgumentException(problem, nameof(input));

    /// <summary>
    /// The 13-digit media catalogue number of a valid UPC/EAN: an EAN-13 as it is, a 12-digit UPC-A with a
    /// leading 0 (GS1 defines UPC-A as the EAN-13 whose first digit is 0, so the check digit stays valid).
    /// </summary>
    public static string ToCatalogueNumber(string upcEan)
    {
        var code = NormaliseUpcEan(upcEan);
        return code.Length == 12 ? "0" + code : code;
    }

    /// <summary>
    /// The GS1 mod-10 check digit of the digits before it: from the rightmost digit leftwards the weights
    /// alternate 3, 1, 3, …; the check digit brings the weighted sum up to a multiple of 10. The same rule
    /// serves UPC-A, EAN-13 and EAN-8, which is why a leading 0 doesn't change it.
    /// </summary>
    public static int Gs1CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (d is < 0 or > 9) throw new ArgumentException("Only digits have a GS1 check digit.", nameof(digits));
            sum += d * weight;
            weight = 4 - weight;
        }
        return (10 - sum % 10) % 10;
    }

    /// <summary>The input without the separators people type: spaces, hyphens and dashes, dots.</summary>
    private static string Compact(string input)
    {
        var sb = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (char.IsWhiteSpace(c) || c is '-' or '.' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c);

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c)
        ? $"an invisible character (U+{(int)c:X4})"
        : $"\"{c.ToString(CultureInfo.InvariantCulture)}\"";
}
