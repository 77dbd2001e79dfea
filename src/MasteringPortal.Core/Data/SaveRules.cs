using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MasteringPortal.Core.Data;

/// <summary>Rules every save obeys, whatever code made the changes.</summary>
internal static class SaveRules
{
    public static void Apply(ChangeTracker tracker)
    {
        tracker.DetectChanges();
        RefuseRewritingHistory(tracker);
        MarkOwnersOfChangedOwnedRows(tracker);
        RenewVersions(tracker);
    }

    /// <summary>
    /// The project timeline is append-only. An event may only disappear together with its project
    /// (deleting a project deletes its history). The one exception is an erasure on request
    /// (Web Features/Clients/ClientErasure), which replaces the lines' words by a bulk update outside the tracker.
    /// </summary>
    static void RefuseRewritingHistory(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<ProjectEvent>())
        {
            if (entry.State == EntityState.Modified)
                throw new InvalidOperationException(
                    $"Project events are append-only: event {entry.Entity.Id} ({entry.Entity.Kind}) cannot be changed.");
            if (entry.State == EntityState.Deleted && !IsProjectDeleted(tracker, entry.Entity.ProjectId))
                throw new InvalidOperationException(
                    $"Project events are append-only: event {entry.Entity.Id} ({entry.Entity.Kind}) cannot be deleted.");
        }
    }

    static bool IsProjectDeleted(ChangeTracker tracker, Guid projectId) =>
        tracker.Entries<Project>().Any(p => p.Entity.Id == projectId && p.State == EntityState.Deleted);

    /// <summary>
    /// A brief's references and problem notes live in their own tables; changing them does not modify the
    /// brief's row, so without this the brief's concurrency token would not see such an edit.
    /// </summary>
    static void MarkOwnersOfChangedOwnedRows(ChangeTracker tracker)
    {
        var changedOwned = tracker.Entries()
            .Where(e => e.Metadata.IsOwned() && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var owned in changedOwned)
        {
            var ownership = owned.Metadata.FindOwnership();
            if (ownership is null) continue;
            var ownerKey = ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue ?? owned.Property(p.Name).OriginalValue).ToArray();
            foreach (var owner in tracker.Entries<IVersioned>())
            {
                if (owner.State != EntityState.Unchanged || owner.Metadata != ownership.PrincipalEntityType) continue;
                var key = owner.Metadata.FindPrimaryKey()!.Properties.Select(p => owner.Property(p.Name).CurrentValue).ToArray();
                if (key.SequenceEqual(ownerKey))
                    owner.Property(nameof(IVersioned.Version)).IsModified = true;
            }
        }
    }

    /// <summary>
    /// Each modified versioned row gets a new token. EF compares the ORIGINAL token in the UPDATE's
    /// WHERE clause, so a row changed by someone else since it was read updates nothing and EF throws
    /// DbUpdateConcurrencyException (see ConcurrencyConflicts for the user-facing side).
    /// </summary>
    static void RenewVersions(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
                entry.Entity.Version = Guid.NewGuid();
        }
    }
}
