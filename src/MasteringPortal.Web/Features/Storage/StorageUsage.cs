namespace MasteringPortal.Web.Features.Storage;

/// <summary>
/// What the stored files are, for the owner: the client's mixes and references, the masters of approved revisions
/// (kept until deleted by hand), the outputs of revisions that were not approved, and the previews.
/// </summary>
public enum StorageCategory
{
    Mixes,
    References,
    ApprovedMasters,
    OtherRevisions,
    Previews,
}

/// <summary>
/// Bytes by category, and the bytes on disk: files are stored once per content, so a mix uploaded to two projects
/// counts in each project's categories but once on disk.
/// </summary>
public sealed record StorageBytes(IReadOnlyDictionary<StorageCategory, long> ByCategory, long OnDisk)
{
    public long Listed => ByCategory.Values.Sum();
    public long Of(StorageCategory category) => ByCategory.GetValueOrDefault(category);
}

public sealed record ProjectStorage(Guid ProjectId, string Title, Guid ClientId, StorageBytes Bytes, bool Archived = false);

public sealed record ClientStorage(Guid ClientId, string Name, StorageBytes Bytes);

/// <summary>One stored file among the largest: what it is and where it is used (the first project that holds it).</summary>
public sealed record StoredItem(string Name, StorageCategory Category, string ProjectTitle, Guid ProjectId, long SizeBytes, int Uses);

/// <summary>A studio's storage: in total, per client, per project, and its largest files.</summary>
public sealed record StorageReport(StorageBytes Studio, IReadOnlyList<ClientStorage> Clients, IReadOnlyList<ProjectStorage> Projects,
    IReadOnlyList<StoredItem> Largest);
