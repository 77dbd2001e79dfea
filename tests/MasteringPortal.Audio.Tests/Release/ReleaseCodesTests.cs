using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Tests.Release;

/// <summary>ISRC (ISO 3901) and UPC/EAN (GS1) checking, normalising and the messages a musician sees.</summary>
public sealed class ReleaseCodesTests
{
    [Theory]
    [InlineData("GBABC2400001", "GBABC2400001")]
    [InlineData("gb-abc-24-00001", "GBABC2400001")]
    [InlineData("  US S1Z 99 00001 ", "USS1Z9900001")]
    [InlineData("ISRC: GB-ABC-24-00001", "GBABC2400001")]
    [InlineData("ISRC GB–A1C–24–12345", "GBA1C2412345")] // en dashes from a word processor
    public void An_isrc_with_hyphens_spaces_or_lower_case_is_normalised_to_its_12_characters(string input, string expected)
    {
        Assert.True(ReleaseCodes.TryNormaliseIsrc(input, out var isrc, out var problem), problem);
        Assert.Equal(expected, isrc);
        Assert.Null(problem);
    }

    [Fact]
    public void An_isrc_one_digit_short_says_how_many_characters_it_has_and_what_an_isrc_is()
    {
        Assert.False(ReleaseCodes.TryNormaliseIsrc("GB-ABC-24-0001", out var isrc, out var problem));
        Assert.Equal("", isrc);
        Assert.Equal("ISRC \"GB-ABC-24-0001\" has 11 characters; an ISRC has 12 (two letters, three letters or digits, " +
                     "two digits for the year, five digits).", problem);
    }

    [Theory]
    [InlineData("12ABC2400001", "must start with a two-letter country code such as GB or US, not \"12\"")]
    [InlineData("GBABCX400001", "characters 6 and 7 must be the two digits of the year")]
    [InlineData("GBABC24000O1", "the last five characters must be digits")]
    [InlineData("GB#BC2400001", "contains \"#\", which an ISRC can't hold")]
    [InlineData("GBABC240000123", "has 14 characters")]
    [InlineData("", "The ISRC is empty")]
    public void A_malformed_isrc_is_refused_with_the_reason(string input, string phrase)
    {
        Assert.False(ReleaseCodes.TryNormaliseIsrc(input, out _, out var problem));
        Assert.Contains(phrase, problem);
    }

    [Theory]
    [InlineData("4006381333931")]   // EAN-13
    [InlineData("5012345678900")]   // EAN-13 ending in check digit 0
    [InlineData("036000291452")]    // UPC-A
    [InlineData("0 36000 29145 2")] // UPC-A as printed under the bars
    public void Valid_upc_and_ean_numbers_pass_the_gs1_check_digit(string input)
    {
        Assert.True(ReleaseCodes.TryNormaliseUpcEan(input, out var code, out var problem), problem);
        Assert.Equal(input.Replace(" ", ""), code);
    }

    [Theory]
    [InlineData("5012345678901", 1, 0)]
    [InlineData("036000291453", 3, 2)]
    [InlineData("4006381333932", 2, 1)]
    public void A_wrong_check_digit_is_refused_naming_the_expected_digit(string input, int actual, int expected)
    {
        Assert.False(ReleaseCodes.TryNormaliseUpcEan(input, out _, out var problem));
        Assert.Equal($"UPC/EAN \"{input}\" ends in {actual}, but its check digit should be {expected}; a digit was probably mistyped.", problem);
    }

    [Theory]
    [InlineData("50123456789", "has 11 digits")]
    [InlineData("96385074", "An 8-digit EAN-8 can't be used as a CD's catalogue number")]
    [InlineData("50123456789O0", "contains \"O\"")]
    [InlineData(" ", "The UPC/EAN is empty")]
    public void A_malformed_upc_is_refused_with_the_reason(string input, string phrase)
    {
        Assert.False(ReleaseCodes.TryNormaliseUpcEan(input, out _, out var problem));
        Assert.Contains(phrase, problem);
    }

    [Theory]
    [InlineData("400638133393", 1)]
    [InlineData("03600029145", 2)]
    [InlineData("003600029145", 2)] // a leading 0 never changes a GS1 check digit
    [InlineData("9638507", 4)]      // EAN-8
    [InlineData("501234567890", 0)]
    public void The_gs1_check_digit_weights_digits_3_1_3_from_the_right(string digits, int expected) =>
        Assert.Equal(expected, ReleaseCodes.Gs1CheckDigit(digits));

    [Fact]
    public void A_12_digit_upc_becomes_the_13_digit_catalogue_number_with_a_leading_zero()
    {
        Assert.Equal("0036000291452", ReleaseCodes.ToCatalogueNumber("036000291452"));
        Assert.Equal("5012345678900", ReleaseCodes.ToCatalogueNumber("5012345678900"));
        Assert.True(ReleaseCodes.TryNormaliseUpcEan(ReleaseCodes.ToCatalogueNumber("036000291452"), out _, out _));
        var e = Assert.Throws<ArgumentException>(() => ReleaseCodes.ToCatalogueNumber("036000291453"));
        Assert.Contains("check digit should be 2", e.Message);
    }
}
