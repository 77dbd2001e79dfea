using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class TrackConfiguration : IEntityTypeConfiguration<Track>
{
    public void Configure(EntityTypeBuilder<Track> e)
    {
        e.Property(x => x.Title).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Property(x => x.NewMixRequestNote).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.Isrc).HasMaxLength(12);
        e.Property(x => x.Artists).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Composer).HasMaxLength(ColumnLengths.Name);
        e.HasOne(x => x.Project).WithMany(p => p.Tracks).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // A plain reference, not a foreign key: FileAsset.TrackId already points the other way, and a
        // new track with its first mix must save in one go (see Project.ApprovedRevisionId).
        e.HasIndex(x => x.CurrentMixId);
        e.HasIndex(x => x.ApprovedRevisionId);
        e.HasIndex(x => new { x.ProjectId, x.Position });
    }
}
