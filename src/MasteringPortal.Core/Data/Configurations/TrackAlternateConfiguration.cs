using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class TrackAlternateConfiguration : IEntityTypeConfiguration<TrackAlternate>
{
    public void Configure(EntityTypeBuilder<TrackAlternate> e)
    {
        e.Property(x => x.Isrc).HasMaxLength(12);
        // Goes with its track, like the track's revisions and brief.
        e.HasOne(x => x.Track).WithMany(t => t.Alternates).HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        // The mix is a plain id, like Track.CurrentMixId: FileAsset.TrackAlternateId already points the other way.
        e.HasIndex(x => new { x.TrackId, x.Kind }).IsUnique();
        e.HasIndex(x => x.MixFileId);
    }
}
