using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Pricing;

public enum QuoteBasis { PerTrack, EpPackage, AlbumPackage }

/// <summary>A project's price, itemised so the client sees how it was reached.</summary>
public sealed record Quote(
    QuoteBasis Basis,
    int TrackCount,
    long MasteringMinor,
    int ExtraRounds,
    long ExtraRoundsMinor,
    string Currency)
{
    public long TotalMinor => MasteringMinor + ExtraRoundsMinor;
    public Money Total => new(TotalMinor, Currency);

    /// <summary>
    /// The rule: mastering costs the per-track price × number of tracks. An EP project uses the studio's
    /// EP package price and an album project its album package price instead, but only when the studio
    /// offers that package (price above zero) and it is cheaper — a package never costs the client more
    /// than paying per track. A single is always per track. Each extra revision round the engineer
    /// granted adds the studio's extra-round price. Included rounds cost nothing extra.
    /// </summary>
    public static Quote For(Studio studio, Project project, int trackCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trackCount);
        var perTrack = checked(studio.PricePerTrackMinor * trackCount);
        var (basis, mastering) = (QuoteBasis.PerTrack, perTrack);
        var package = project.Kind switch
        {
            ProjectKind.EP => (QuoteBasis.EpPackage, studio.EpPackagePriceMinor),
            ProjectKind.Album => (QuoteBasis.AlbumPackage, studio.AlbumPackagePriceMinor),
            _ => (QuoteBasis.PerTrack, 0L),
        };
        if (package.Item2 > 0 && package.Item2 < perTrack)
            (basis, mastering) = package;
        var extras = checked(project.ExtraRoundsGranted * studio.ExtraRoundPriceMinor);
        return new Quote(basis, trackCount, mastering, project.ExtraRoundsGranted, extras, studio.Currency);
    }

    public override string ToString()
    {
        var mastering = Basis switch
        {
            QuoteBasis.EpPackage => $"EP package ({TrackCount} tracks)",
            QuoteBasis.AlbumPackage => $"Album package ({TrackCount} tracks)",
            _ => $"{TrackCount} track{(TrackCount == 1 ? "" : "s")} at the per-track price",
        };
        var text = $"{mastering}: {new Money(MasteringMinor, Currency)}";
        if (ExtraRounds > 0)
            text += $"; {ExtraRounds} extra revision round{(ExtraRounds == 1 ? "" : "s")}: {new Money(ExtraRoundsMinor, Currency)}";
        return text + $"; total {Total}";
    }
}
