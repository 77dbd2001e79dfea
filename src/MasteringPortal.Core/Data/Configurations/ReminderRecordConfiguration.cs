using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class ReminderRecordConfiguration : IEntityTypeConfiguration<ReminderRecord>
{
    public void Configure(EntityTypeBuilder<ReminderRecord> e)
    {
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.Occasion).HasMaxLength(100);
        // Once per occasion: a second insert of the same reminder fails and the save that carried it is dropped.
        e.HasIndex(x => new { x.Kind, x.SubjectId, x.Occasion }).IsUnique();
    }
}
