using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> e)
    {
        e.ToTable("StripeEvents");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasMaxLength(255);
        e.Property(x => x.Type).HasMaxLength(100);
        e.Property(x => x.CheckoutSessionId).HasMaxLength(255);
    }
}
