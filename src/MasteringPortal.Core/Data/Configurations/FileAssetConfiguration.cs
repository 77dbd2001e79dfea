using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class FileAssetConfiguration : IEntityTypeConfiguration<FileAsset>
{
    public void Configure(EntityTypeBuilder<FileAsset> e)
    {
        e.Property(x => x.OriginalName).HasMaxLength(500);
        e.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        e.Property(x => x.Format).HasMaxLength(50);
        e.Property(x => x.StorageKey).HasMaxLength(64);
        e.Property(x => x.UploadedById).HasMaxLength(450);
        e.HasOne(x => x.Project).WithMany(p => p.Files).HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.Track).WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne(x => x.Revision).WithMany(r => r.Files).HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<FileAsset>().WithMany().HasForeignKey(x => x.PreviewOfId).OnDelete(DeleteBehavior.SetNull);
        // Like TrackId: a file outlives the track's alternate as history (its project's deletion takes it).
        e.HasOne(x => x.TrackAlternate).WithMany().HasForeignKey(x => x.TrackAlternateId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(x => x.Sha256);
    }
}
