using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

internal sealed class AnalysisConfiguration : IEntityTypeConfiguration<Analysis>
{
    public void Configure(EntityTypeBuilder<Analysis> e)
    {
        e.HasOne(x => x.FileAsset).WithMany(f => f.Analyses).HasForeignKey(x => x.FileAssetId).OnDelete(DeleteBehavior.Cascade);
    }
}
