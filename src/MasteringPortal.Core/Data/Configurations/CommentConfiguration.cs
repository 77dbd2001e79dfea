using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> e)
    {
        e.Property(x => x.Text).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne(x => x.Revision).WithMany(r => r.Comments).HasForeignKey(x => x.RevisionId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(x => x.FileAsset).WithMany().HasForeignKey(x => x.FileAssetId).OnDelete(DeleteBehavior.Cascade);
        e.ToTable(t => t.HasCheckConstraint("CK_Comments_OneSource", "(\"RevisionId\" IS NULL) <> (\"FileAssetId\" IS NULL)"));
        e.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Parent).WithMany(c => c.Replies).HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}
