using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class PortalJobConfiguration : IEntityTypeConfiguration<PortalJob>
{
    public void Configure(EntityTypeBuilder<PortalJob> e)
    {
        // Enums as strings like the others (PortalConventions); configured here because the job kinds live in Jobs/.
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.FailureReason).HasMaxLength(4000);
        e.Property(x => x.RequestedById).HasMaxLength(450);
        e.Property(x => x.HangfireJobId).HasMaxLength(100);
        e.Property(x => x.TraceParent).HasMaxLength(PortalJob.TraceParentLength);
        e.Property(x => x.Worker).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Ignore(x => x.IsFinished);
        e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.RequestedById).OnDelete(DeleteBehavior.SetNull);
        // "The latest job of this file or revision" and "the jobs of this project", newest first; State for start-up recovery.
        e.HasIndex(x => new { x.TargetId, x.CreatedAt });
        e.HasIndex(x => new { x.ProjectId, x.CreatedAt });
        e.HasIndex(x => x.State);
    }
}
