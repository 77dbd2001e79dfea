using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

/// <summary>Notifications and the per-kind preferences (one file: the preference table only exists for the notifications).</summary>
internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>, IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<Notification> e)
    {
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Title).HasMaxLength(500);
        e.Property(x => x.Body).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.Link).HasMaxLength(1000);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        // Two email jobs that take the same notification race on it: the UPDATE needs it still unsent, the loser's save fails.
        e.Property(x => x.EmailId).IsConcurrencyToken();
        e.HasOne<OutboxEmail>().WithMany().HasForeignKey(x => x.EmailId).OnDelete(DeleteBehavior.SetNull);
        // The bell's unread count and the list, newest first; the email job's "due and not yet emailed".
        e.HasIndex(x => new { x.UserId, x.ReadAt });
        e.HasIndex(x => new { x.UserId, x.CreatedAt });
        e.HasIndex(x => new { x.EmailDueAt, x.EmailId });
    }

    public void Configure(EntityTypeBuilder<NotificationPreference> e)
    {
        e.HasKey(x => new { x.UserId, x.Kind });
        e.Property(x => x.UserId).HasMaxLength(450);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(32);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
