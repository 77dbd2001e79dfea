namespace MasteringPortal.Web.Features.Storage;

/// <summary>Sizes and categories in the words the storage page and the backup section use.</summary>
public static class StorageSizes
{
    public static string Format(long bytes) => bytes switch
    {
        0 => "0",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        _ => $"{Math.Max(1, bytes / 1024)} KB",
    };

    public static string Describe(StorageCategory category) => category switch
    {
        StorageCategory.Mixes => "mixes",
        StorageCategory.References => "references",
        StorageCategory.ApprovedMasters => "approved masters",
        StorageCategory.OtherRevisions => "other revisions",
        _ => "previews",
    };
}
