using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class RetentionRemovalConfiguration : IEntityTypeConfiguration<RetentionRemoval>
{
    public void Configure(EntityTypeBuilder<RetentionRemoval> e)
    {
        e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Studio>().WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Cascade);
        // The storage page lists a studio's newest removals.
        e.HasIndex(x => new { x.StudioId, x.At });
    }
}
