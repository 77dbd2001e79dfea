using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> e)
    {
        e.Property(x => x.DisplayName).HasMaxLength(ColumnLengths.Name);
        e.HasOne(x => x.Studio).WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Client).WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
