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
    string Currency,
    int PackageTracks = 0)
{
    public long TotalMinor => MasteringMinor + ExtraRoundsMinor;
    public Money Total => new(TotalMinor, Currency);

    /// <summary>
    /// The rule: mastering costs the per-track price × number of tracks. An EP project uses the studio's
    /// EP package price and an album project its album package price instead, but only when the studio
    /// offers that package (price above zero) and it is cheaper — a package never costs the client more
    /// than paying per track. A package covers the number of tracks the studio priced it for
    /// (<see cref="Studio.EpPackageTracks"/>, <see cref="Studio.AlbumPackageTracks"/>); each track beyond costs the
    /// per-track price, so adding tracks to a draft never comes free. A single is always per track. Each extra revision round the engineer
    /// granted adds the studio's extra-round price. Included rounds cost nothing extra.
    /// </summary>
    public static Quote For(Studio studio, Project project, int trackCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trackCount);
        var perTrack = checked(studio.PricePerTrackMinor * trackCount);
        var (basis, mastering) = (QuoteBasis.PerTrack, perTrack);
        var (packageBasis, packagePrice, covers) = project.Kind switch
        {
            ProjectKind.EP => (QuoteBasis.EpPackage, studio.EpPackagePriceMinor, studio.EpPackageTracks),
            ProjectKind.Album => (QuoteBasis.AlbumPackage, studio.AlbumPackagePriceMinor, studio.AlbumPackageTracks),
            _ => (QuoteBasis.PerTrack, 0L, 0),
        };
        covers = Math.Max(covers, 1);
        var withPackage = checked(packagePrice + studio.PricePerTrackMinor * Math.Max(0, trackCount - covers));
        if (packagePrice > 0 && withPackage < perTrack)
            (basis, mastering) = (packageBasis, withPackage);
        var extras = checked(project.ExtraRoundsGranted * studio.ExtraRoundPriceMinor);
        return new Quote(basis, trackCount, mastering, project.ExtraRoundsGranted, extras, studio.Currency,
            basis == QuoteBasis.PerTrack ? 0 : covers);
    }

    public override string ToString()
    {
        var mastering = Basis switch
        {
            QuoteBasis.EpPackage => "EP package" + Covered(),
            QuoteBasis.AlbumPackage => "Album package" + Covered(),
            _ => $"{TrackCount} track{(TrackCount == 1 ? "" : "s")} at the per-track price",
        };
        var text = $"{mastering}: {new Money(MasteringMinor, Currency)}";
        if (ExtraRounds > 0)
            text += $"; {ExtraRounds} extra revision round{(ExtraRounds == 1 ? "" : "s")}: {new Money(ExtraRoundsMinor, Currency)}";
        return text + $"; total {Total}";
    }

    /// <summary>"(5 tracks)", or "(6 tracks) and 14 more tracks at the per-track price" when the project has more than the package covers.</summary>
    string Covered() => TrackCount <= PackageTracks
        ? $" ({TrackCount} tracks)"
        : $" ({PackageTracks} tracks) and {TrackCount - PackageTracks} more track{(TrackCount - PackageTracks == 1 ? "" : "s")} at the per-track price";
}
