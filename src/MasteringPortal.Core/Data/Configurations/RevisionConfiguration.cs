using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> e)
    {
        e.Property(x => x.EngineerNote).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.FailureReason).HasMaxLength(4000);
        e.Property(x => x.SourceMixSha256).HasMaxLength(64);
        e.Property(x => x.EngineVersion).HasMaxLength(200);
        e.HasOne(x => x.Track).WithMany(t => t.Revisions).HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.TrackId, x.Number }).IsUnique();
    }
}
