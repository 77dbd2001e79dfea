using System.Text.Json.Serialization;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// What an upload is for: a track's mix, a reference, or (engineers) a master made on their own chain, or their own
/// file for one format of such a master's revision (a 16-bit CD master they dithered, an MP3 they encoded), or the mix of
/// one of a track's alternate versions (instrumental, a cappella, clean, TV mix), uploaded beside the main mix, or (engineers)
/// the master of one of those versions, uploaded beside a master of theirs (its revision named).
/// </summary>
public enum UploadKind { Mix, Reference, Master, Deliverable, AlternateMix, AlternateMaster }

public enum UploadState { Receiving, Completed }

/// <summary>
/// Everything the server knows about one upload, kept as JSON beside its part file (never in the database).
/// Confirmed chunks are a bitmap, so the manifest stays small (512 bytes for 4 GiB in 1 MiB chunks) and
/// rewriting it after each chunk stays cheap.
/// </summary>
public sealed class UploadManifest
{
    public Guid Id { get; init; }
    public string UserId { get; init; } = "";
    public Guid ProjectId { get; init; }
    public Guid TrackId { get; init; }
    public UploadKind Kind { get; init; }
    public Guid? ReferenceId { get; init; }

    /// <summary>
    /// For a deliverable: the uploaded master's revision and the format ("wav16", "mp3", "aac") the file stands for; for an
    /// alternate master, the uploaded master's revision it goes beside.
    /// </summary>
    public Guid? RevisionId { get; init; }
    public string? Deliverable { get; init; }

    /// <summary>For an alternate's mix or master: which alternate version it is.</summary>
    public MasteringPortal.Core.Domain.AlternateKind? Alternate { get; init; }

    /// <summary>The name the user's file had; only ever displayed and stored as FileAsset.OriginalName, never a path.</summary>
    public string FileName { get; init; } = "";
    public long SizeBytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole file, as the browser computed it.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>The file's modification time in the browser (ms since 1970), for the browser's own resume key.</summary>
    public long? LastModified { get; init; }
    public int ChunkSizeBytes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public UploadState State { get; set; }
    public Guid? FileAssetId { get; set; }

    /// <summary>Bit i set = chunk i is on disk, flushed, and matched its own SHA-256.</summary>
    public byte[] Confirmed { get; set; } = [];

    [JsonIgnore] public int ChunkCount => ChunkCountFor(SizeBytes, ChunkSizeBytes);

    public static int ChunkCountFor(long sizeBytes, int chunkSizeBytes) => (int)((sizeBytes + chunkSizeBytes - 1) / chunkSizeBytes);

    public long OffsetOf(int index) => (long)index * ChunkSizeBytes;

    /// <summary>Every chunk is <see cref="ChunkSizeBytes"/> long except possibly the last.</summary>
    public long LengthOf(int index) => Math.Min(ChunkSizeBytes, SizeBytes - OffsetOf(index));

    public bool IsConfirmed(int index) => (Confirmed[index >> 3] & (1 << (index & 7))) != 0;

    public void Confirm(int index) => Confirmed[index >> 3] |= (byte)(1 << (index & 7));

    public IReadOnlyList<int> ConfirmedChunks()
    {
        var list = new List<int>();
        for (var i = 0; i < ChunkCount; i++)
            if (IsConfirmed(i)) list.Add(i);
        return list;
    }

    public long ConfirmedBytes()
    {
        long total = 0;
        for (var i = 0; i < ChunkCount; i++)
            if (IsConfirmed(i)) total += LengthOf(i);
        return total;
    }

    public bool AllConfirmed() => ConfirmedChunks().Count == ChunkCount;

    public static byte[] EmptyBitmap(int chunkCount) => new byte[(chunkCount + 7) / 8];
}
