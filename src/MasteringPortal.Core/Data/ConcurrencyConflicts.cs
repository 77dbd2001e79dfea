using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MasteringPortal.Core.Data;

/// <summary>One field where the user's unsaved value differs from what the other person saved.</summary>
public sealed record ConflictingField(string Property, object? YourValue, object? TheirValue);

/// <summary>What a page shows after a conflicting save: a plain message and the fields that clash.</summary>
public sealed record EditConflict(string Message, IReadOnlyList<ConflictingField> Fields, bool DeletedByOther);

/// <summary>
/// Turns a <see cref="DbUpdateConcurrencyException"/> into something a person can act on, without
/// losing what they typed: the fields they edited keep their values, the fields they did not touch
/// take the other person's, and the concurrency tokens move forward to what the database now holds,
/// so pressing Save again after reviewing stores their edits knowingly and nothing else.
/// </summary>
public static class ConcurrencyConflicts
{
    /// <summary>
    /// Saves, or, when someone else saved the same row first, returns what to tell the user (the
    /// entities keep the user's values; a second call saves them). Null means saved.
    /// </summary>
    public static async Task<EditConflict?> TrySaveAsync(this DbContext db, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            return await ResolveAsync(conflict, cancellationToken);
        }
    }

    public static Task<EditConflict> ResolveAsync(DbUpdateConcurrencyException exception, CancellationToken cancellationToken = default) =>
        ResolveAsync(exception.Entries, cancellationToken);

    /// <summary>
    /// The same for rows a page holds whose save was refused elsewhere (the command path saves in a context of its
    /// own): the page's edits are kept and its rows move forward to what the database now holds.
    /// </summary>
    public static async Task<EditConflict> ResolveAsync(IEnumerable<EntityEntry> entries, CancellationToken cancellationToken = default)
    {
        var fields = new List<ConflictingField>();
        var noun = "item";
        var deleted = false;
        foreach (var entry in entries)
        {
            noun = NounFor(entry.Metadata.ClrType);
            var databaseValues = await entry.GetDatabaseValuesAsync(cancellationToken);
            if (databaseValues is null)
            {
                deleted = true;
                continue;
            }
            foreach (var property in entry.Metadata.GetProperties().Where(p => !p.IsPrimaryKey()))
            {
                var current = entry.Property(property.Name);
                var theirs = databaseValues[property];
                if (current.IsModified || property.IsConcurrencyToken)
                {
                    // The user's edit: kept, and reported when the other person changed the same field.
                    if (!property.IsConcurrencyToken && !Equals(theirs, current.CurrentValue) && !Equals(theirs, current.OriginalValue))
                        fields.Add(new ConflictingField(property.Name, current.CurrentValue, theirs));
                    current.OriginalValue = theirs;
                }
                else
                {
                    // A field the user did not touch takes the other person's value, so saving again
                    // does not quietly undo their change.
                    current.OriginalValue = theirs;
                    current.CurrentValue = theirs;
                    current.IsModified = false;
                }
            }
        }

        var message = deleted
            ? $"Someone else deleted this {noun} while you were editing. Your text is kept below; copy it if you need it."
            : $"Someone else changed this {noun} while you were editing. Your text is kept below; please review and save again.";
        return new EditConflict(message, fields, deleted);
    }

    static string NounFor(Type type) => type.Name switch
    {
        nameof(Project) => "project",
        nameof(Brief) => "brief",
        nameof(Track) => "track",
        nameof(Comment) => "comment",
        _ => type.Name.ToLowerInvariant(),
    };
}
