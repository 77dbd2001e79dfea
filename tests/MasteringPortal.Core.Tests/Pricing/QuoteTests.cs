using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;

namespace MasteringPortal.Core.Tests.Pricing;

public sealed class QuoteTests
{
    static readonly Studio Studio = new()
    {
        Currency = "EUR", PricePerTrackMinor = 60_00, EpPackagePriceMinor = 250_00, AlbumPackagePriceMinor = 600_00, ExtraRoundPriceMinor = 40_00,
    };

    static Project Of(ProjectKind kind, int extraRounds = 0) => new() { Kind = kind, ExtraRoundsGranted = extraRounds };

    [Fact]
    public void A_single_costs_the_per_track_price()
    {
        var quote = Quote.For(Studio, Of(ProjectKind.Single), 1);
        Assert.Equal((QuoteBasis.PerTrack, 60_00L, "EUR"), (quote.Basis, quote.TotalMinor, quote.Currency));
    }

    [Fact]
    public void An_ep_takes_the_package_price_when_it_is_cheaper()
    {
        var quote = Quote.For(Studio, Of(ProjectKind.EP), 5); // 5 × 60 = 300 > 250
        Assert.Equal((QuoteBasis.EpPackage, 250_00L), (quote.Basis, quote.TotalMinor));
    }

    [Fact]
    public void A_package_never_costs_more_than_paying_per_track()
    {
        var quote = Quote.For(Studio, Of(ProjectKind.EP), 3); // 3 × 60 = 180 < 250
        Assert.Equal((QuoteBasis.PerTrack, 180_00L), (quote.Basis, quote.TotalMinor));
    }

    [Fact]
    public void A_package_covers_the_tracks_the_studio_priced_and_each_track_beyond_costs_the_per_track_price()
    {
        // The EP package covers 6 tracks (the default): a draft grown to 20 tracks is not 20 tracks for 250.
        var ep = Quote.For(Studio, Of(ProjectKind.EP), 20);
        Assert.Equal((QuoteBasis.EpPackage, 250_00L + 14 * 60_00L), (ep.Basis, ep.TotalMinor));
        Assert.Equal("EP package (6 tracks) and 14 more tracks at the per-track price: EUR 1,090.00; total EUR 1,090.00", ep.ToString());
        var album = Quote.For(new Studio { Currency = "EUR", PricePerTrackMinor = 60_00, AlbumPackagePriceMinor = 600_00, AlbumPackageTracks = 12 },
            Of(ProjectKind.Album), 40);
        Assert.Equal(600_00L + 28 * 60_00L, album.TotalMinor);
    }

    [Fact]
    public void An_album_takes_the_album_package_not_the_ep_package()
    {
        var quote = Quote.For(Studio, Of(ProjectKind.Album), 12); // 720 per track; EP 250 does not apply
        Assert.Equal((QuoteBasis.AlbumPackage, 600_00L), (quote.Basis, quote.TotalMinor));
    }

    [Fact]
    public void A_package_the_studio_does_not_offer_is_ignored()
    {
        var studio = new Studio { Currency = "EUR", PricePerTrackMinor = 60_00, AlbumPackagePriceMinor = 0 };
        Assert.Equal(720_00L, Quote.For(studio, Of(ProjectKind.Album), 12).TotalMinor);
    }

    [Fact]
    public void A_single_ignores_packages_even_if_they_were_cheaper()
    {
        var studio = new Studio { Currency = "EUR", PricePerTrackMinor = 60_00, EpPackagePriceMinor = 10_00, AlbumPackagePriceMinor = 10_00 };
        Assert.Equal(QuoteBasis.PerTrack, Quote.For(studio, Of(ProjectKind.Single), 1).Basis);
    }

    [Fact]
    public void Granted_extra_rounds_are_added_at_the_extra_round_price()
    {
        var quote = Quote.For(Studio, Of(ProjectKind.EP, extraRounds: 2), 5);
        Assert.Equal((250_00L, 80_00L, 330_00L), (quote.MasteringMinor, quote.ExtraRoundsMinor, quote.TotalMinor));
        Assert.Equal("EP package (5 tracks): EUR 250.00; 2 extra revision rounds: EUR 80.00; total EUR 330.00", quote.ToString());
    }

    [Theory]
    [InlineData(123456L, "EUR", "EUR 1,234.56")]
    [InlineData(5L, "usd", "USD 0.05")]
    [InlineData(5000L, "JPY", "JPY 5,000")]
    public void Money_is_shown_with_the_currencys_minor_digits(long minor, string currency, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).ToString());
}
