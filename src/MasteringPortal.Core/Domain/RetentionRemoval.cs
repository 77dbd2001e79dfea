namespace MasteringPortal.Core.Domain;

/// <summary>
/// What one run of the retention policy removed from one delivered project: how many files, how many bytes left the
/// disk and how many stayed because another file has the same content. The owner reads these on the storage page.
/// </summary>
public class RetentionRemoval
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The policy's days after delivery that applied.</summary>
    public int Days { get; set; }

    public int FilesRemoved { get; set; }

    /// <summary>Bytes deleted from the file store.</summary>
    public long BytesFreed { get; set; }

    /// <summary>Bytes of removed files whose content another file still uses, so they stayed on disk.</summary>
    public long BytesKeptShared { get; set; }
}
