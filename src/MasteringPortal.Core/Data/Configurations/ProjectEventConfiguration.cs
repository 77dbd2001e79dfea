using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class ProjectEventConfiguration : IEntityTypeConfiguration<ProjectEvent>
{
    public void Configure(EntityTypeBuilder<ProjectEvent> e)
    {
        e.Property(x => x.Description).HasMaxLength(4000);
        // Rows written before the audience existed were shown to everyone; they keep that.
        e.Property(x => x.Audience).HasDefaultValue(EventAudience.Everyone).HasSentinel(EventAudience.Everyone);
        e.HasOne(x => x.Project).WithMany(p => p.Events).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Actor).WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.ProjectId, x.At });
    }
}
