using System.Globalization;

namespace MasteringPortal.Core.Pricing;

/// <summary>An amount in minor units (cents) of an ISO 4217 currency. Whole numbers only: no rounding drift.</summary>
public readonly record struct Money(long AmountMinor, string Currency)
{
    /// <summary>ISO 4217 currencies without a minor unit among those a studio is likely to use.</summary>
    static readonly HashSet<string> ZeroDecimalCurrencies = ["JPY", "KRW", "ISK", "CLP", "VND"];

    public static int MinorDigits(string currency) => ZeroDecimalCurrencies.Contains(currency.ToUpperInvariant()) ? 0 : 2;

    /// <summary>"EUR 1,234.50" — the code rather than a symbol, unambiguous for studios abroad.</summary>
    public override string ToString()
    {
        var digits = MinorDigits(Currency);
        var major = AmountMinor / (decimal)Pow10(digits);
        return $"{Currency.ToUpperInvariant()} {major.ToString("N" + digits, CultureInfo.InvariantCulture)}";
    }

    static long Pow10(int n) => n == 0 ? 1 : 10 * Pow10(n - 1);
}
