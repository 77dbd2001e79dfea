using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(x => x.ActorId).HasMaxLength(450);
        e.Property(x => x.ActorName).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Action).HasMaxLength(200);
        e.Property(x => x.Details).HasMaxLength(ColumnLengths.Text);
        e.HasOne<Studio>().WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(x => new { x.StudioId, x.At });
    }
}
