using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> e)
    {
        e.Property(x => x.Title).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.SampleRequestNote).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.Currency).HasMaxLength(3).IsFixedLength();
        e.Property(x => x.AlbumArtist).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Label).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.UpcEan).HasMaxLength(13);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne(x => x.Studio).WithMany().HasForeignKey(x => x.StudioId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Client).WithMany(c => c.Projects).HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        // A plain reference, not a foreign key: Project → Revision → Track → Project would be a cycle,
        // and EF Core cannot insert a cycle of new rows in one save (demo seeding does exactly that).
        e.HasIndex(x => x.ApprovedRevisionId);
        e.HasIndex(x => new { x.StudioId, x.Status });
        e.HasIndex(x => x.ClientId);
    }
}
