using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class StudioConfiguration : IEntityTypeConfiguration<Studio>
{
    public void Configure(EntityTypeBuilder<Studio> e)
    {
        e.Property(x => x.Name).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        e.Property(x => x.PaymentInstructions).HasMaxLength(4000);
        e.Property(x => x.EpPackageTracks).HasDefaultValue(6);
        e.Property(x => x.AlbumPackageTracks).HasDefaultValue(14);
    }
}
