using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> e)
    {
        e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        e.Property(x => x.ExternalId).HasMaxLength(255);
        e.Property(x => x.PaymentIntentId).HasMaxLength(255);
        e.HasIndex(x => x.PaymentIntentId);
        e.HasOne(x => x.Project).WithMany(p => p.Payments).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.Property(x => x.FailureReason).HasMaxLength(4000);
        e.Property(x => x.Reference).HasMaxLength(500);
        e.HasIndex(x => x.ExternalId).IsUnique();
    }
}
