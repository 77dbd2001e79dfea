using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class AlbumAssemblyConfiguration : IEntityTypeConfiguration<AlbumAssembly>
{
    public void Configure(EntityTypeBuilder<AlbumAssembly> e)
    {
        e.Property(x => x.RequestedById).HasMaxLength(450);
        e.Property(x => x.PostedNote).HasMaxLength(ColumnLengths.Text);
        e.HasOne(x => x.Project).WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.RequestedById).OnDelete(DeleteBehavior.SetNull);
        // The programme files are plain ids, like Track.CurrentMixId: FileAsset already points at the project.
        e.HasIndex(x => new { x.ProjectId, x.Number }).IsUnique();
    }
}
