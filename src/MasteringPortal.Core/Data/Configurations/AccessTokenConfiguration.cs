using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> e)
    {
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Name).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        e.Property(x => x.Prefix).HasMaxLength(16);
        // Every API request finds its token by hash.
        e.HasIndex(x => x.TokenHash).IsUnique();
        e.HasIndex(x => x.UserId);
        // A deleted user's tokens go with them; a deleted studio's likewise.
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Studio>().WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Cascade);
    }
}
