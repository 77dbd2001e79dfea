using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> e)
    {
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.ToAddress).HasMaxLength(256);
        e.Property(x => x.ToName).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Template).HasMaxLength(32);
        e.Property(x => x.Subject).HasMaxLength(500);
        e.Property(x => x.TextBody).HasMaxLength(200_000);
        e.Property(x => x.HtmlBody).HasMaxLength(400_000);
        e.Property(x => x.MessageId).HasMaxLength(200);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.LastError).HasMaxLength(2000);
        // Two delivery attempts race on this token; the loser sends nothing.
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Studio>().WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(x => x.MessageId).IsUnique();
        // The delivery sweep ("pending and due") and the studio's list, newest first.
        e.HasIndex(x => new { x.State, x.NextAttemptAt });
        e.HasIndex(x => new { x.StudioId, x.CreatedAt });
    }
}
