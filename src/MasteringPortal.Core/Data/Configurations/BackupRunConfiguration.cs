using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class BackupRunConfiguration : IEntityTypeConfiguration<BackupRun>
{
    public void Configure(EntityTypeBuilder<BackupRun> e)
    {
        e.Property(x => x.Folder).HasMaxLength(64);
        e.Property(x => x.FailureReason).HasMaxLength(ColumnLengths.Text);
        // The studio page and the schedule read the newest run.
        e.HasIndex(x => x.StartedAt);
    }
}
