using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MasteringPortal.Core.Data.Configurations;

/// <summary>The brief and the lists it owns (its references and its problem notes), each in its own table.</summary>
internal sealed class BriefConfiguration : IEntityTypeConfiguration<Brief>
{
    public void Configure(EntityTypeBuilder<Brief> e)
    {
        e.Property(x => x.Genre).HasMaxLength(ColumnLengths.Name);
        e.Property(x => x.Notes).HasMaxLength(ColumnLengths.Text);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne(x => x.Track).WithOne(t => t.Brief).HasForeignKey<Brief>(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.TrackId).IsUnique();
        e.OwnsMany(x => x.References, r =>
        {
            r.ToTable("BriefReferences");
            r.WithOwner().HasForeignKey("BriefId");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.Property(x => x.Title).HasMaxLength(500);
            r.Property(x => x.WhatToTake).HasMaxLength(4000);
            r.HasOne<FileAsset>().WithMany().HasForeignKey(x => x.FileAssetId).OnDelete(DeleteBehavior.SetNull);
        });
        e.OwnsMany(x => x.ProblemNotes, n =>
        {
            n.ToTable("BriefProblemNotes");
            n.WithOwner().HasForeignKey("BriefId");
            n.HasKey(x => x.Id);
            n.Property(x => x.Id).ValueGeneratedNever();
            n.Property(x => x.Text).HasMaxLength(4000);
        });
    }
}
