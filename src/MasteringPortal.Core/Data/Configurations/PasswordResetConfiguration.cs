using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class PasswordResetConfiguration : IEntityTypeConfiguration<PasswordReset>
{
    public void Configure(EntityTypeBuilder<PasswordReset> e)
    {
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        e.HasIndex(x => x.TokenHash).IsUnique();
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
