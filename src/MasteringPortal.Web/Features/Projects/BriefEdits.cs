using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// Reads what a page changed on the briefs it binds to (tracked rows of its own context), as the edits the command path
/// saves: per brief, the fields changed and the references and problem notes added, changed or removed.
/// </summary>
public static class BriefEdits
{
    public static IReadOnlyList<BriefEdit> Pending(DbContext db, IEnumerable<Brief> briefs)
    {
        db.ChangeTracker.DetectChanges();
        var edits = new List<BriefEdit>();
        foreach (var brief in briefs)
        {
            var entry = db.Entry(brief);
            if (entry.State is not (EntityState.Unchanged or EntityState.Modified)) continue;
            var edit = new BriefEdit(brief.Id, (Guid)entry.Property(nameof(Brief.Version)).OriginalValue!, Changed(entry),
                Rows(db, brief.References), Removed<ReferenceTrack>(db, brief.Id, r => r.Id),
                Rows(db, brief.ProblemNotes), Removed<ProblemNote>(db, brief.Id, n => n.Id));
            if (edit.Fields.Count + edit.References.Count + edit.RemovedReferences.Count
                + edit.ProblemNotes.Count + edit.RemovedProblemNotes.Count > 0)
                edits.Add(edit);
        }
        return edits;
    }

    /// <summary>The fields of a row the page wrote: all of them for a new row, the modified ones otherwise.</summary>
    static IReadOnlyDictionary<string, object?> Changed(EntityEntry entry) => entry.Properties
        .Where(p => !p.Metadata.IsShadowProperty() && !p.Metadata.IsPrimaryKey() && !p.Metadata.IsConcurrencyToken)
        .Where(p => entry.State == EntityState.Added || p.IsModified)
        .ToDictionary(p => p.Metadata.Name, p => p.CurrentValue);

    static IReadOnlyList<FieldEdits> Rows<T>(DbContext db, IEnumerable<T> rows) where T : class =>
        rows.Select(r => db.Entry(r))
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => new FieldEdits((Guid)e.Property("Id").CurrentValue!, Changed(e)))
            .Where(f => f.Fields.Count > 0)
            .ToList();

    /// <summary>The rows of this brief the page removed: tracked as deleted, owned by the brief through its shadow key.</summary>
    static IReadOnlyList<Guid> Removed<T>(DbContext db, Guid briefId, Func<T, Guid> idOf) where T : class =>
        db.ChangeTracker.Entries<T>()
            .Where(e => e.State == EntityState.Deleted
                        && Equals(e.Property(e.Metadata.FindOwnership()!.Properties[0].Name).OriginalValue, briefId))
            .Select(e => idOf(e.Entity))
            .ToList();
}
