namespace MasteringPortal.Core.Domain;

/// <summary>
/// One scheduled backup, saved when it ends: when it ran, into which folder under <c>Backup:Directory</c>, how big the
/// backup is and how much of it was new, and, when it failed, why in plain words. The owner sees the newest on the
/// studio page; a failed one notifies the studio's team (Notifications/NotificationRecipients).
/// </summary>
public class BackupRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public bool Succeeded { get; set; }

    /// <summary>The backup's folder name under the backup directory ("20261205-030000"); empty when it failed before one was made.</summary>
    public string Folder { get; set; } = "";

    /// <summary>Everything the backup holds (database, keys, every file it lists), in bytes.</summary>
    public long TotalBytes { get; set; }

    /// <summary>What this run had to copy (the database, keys and the files earlier backups did not have).</summary>
    public long CopiedBytes { get; set; }

    public int FileCount { get; set; }

    /// <summary>Older backups removed after this one succeeded.</summary>
    public int PrunedBackups { get; set; }

    /// <summary>Why it failed, for the owner; empty when it succeeded.</summary>
    public string FailureReason { get; set; } = "";
}
