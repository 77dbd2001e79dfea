using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> e)
    {
        e.Property(x => x.Name).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.ContactName).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Email).HasMaxLength(256);
        e.Property(x => x.Phone).HasMaxLength(50);
        e.HasOne(x => x.Studio).WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.StudioId, x.Name });
    }
}
