namespace MasteringPortal.Core.Domain;

/// <summary>
/// What a stored file is. <see cref="MixExcerpt"/>: the passage of the mix a sample master was made from, encoded like the
/// sample's preview, so the client compares like with like (it belongs to the sample revision).
/// </summary>
/// <summary>
/// What a stored file is. <see cref="PlatformCopy"/>: a revision's master as a streaming platform streams it (its codec and
/// bit rate, watermarked like the preview when the studio watermarks previews), heard "as played" on the review page.
/// </summary>
/// <summary>
/// <see cref="AlbumProgramme"/>: an EP's or album's tracks assembled into one programme (<see cref="AlbumAssembly"/>);
/// <see cref="AlbumCd"/>: the same as a CD plays it (44.1 kHz, 16 bits); <see cref="AlbumPreview"/>: the programme encoded
/// like a revision's preview, for the client before payment.
/// </summary>
/// <summary>
/// <see cref="AlternateMix"/>: the mix of one of a track's alternate versions (instrumental, a cappella, clean, TV mix;
/// <see cref="TrackAlternate"/>), uploaded beside the main mix. The alternate's rendered masters are
/// <see cref="Master"/> files of the revision with <see cref="FileAsset.TrackAlternateId"/> set.
/// </summary>
public enum FileAssetKind { Mix, Reference, Master, Preview, MixExcerpt, PlatformCopy, AlbumProgramme, AlbumCd, AlbumPreview, AlternateMix, VinylSide }

/// <summary>
/// A stored audio file and what its probe found. The bytes live in the file store under
/// <see cref="StorageKey"/> (content-addressed); <see cref="OriginalName"/> is only ever displayed.
/// </summary>
public class FileAsset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public Guid? TrackId { get; set; }
    public Track? Track { get; set; }
    public Guid? RevisionId { get; set; }
    public Revision? Revision { get; set; }

    /// <summary>
    /// For a <see cref="FileAssetKind.Preview"/> of a mix: the mix it was encoded from (the same way as a revision's
    /// preview), so that before payment the client compares preview with preview. Null for a revision's preview.
    /// </summary>
    public Guid? PreviewOfId { get; set; }

    /// <summary>
    /// The alternate version this file belongs to: its mix (kind <see cref="FileAssetKind.AlternateMix"/>) or one of its
    /// masters (kind <see cref="FileAssetKind.Master"/>, of the revision whose main master it was rendered beside). Null for
    /// everything of the main version.
    /// </summary>
    public Guid? TrackAlternateId { get; set; }
    public TrackAlternate? TrackAlternate { get; set; }

    public FileAssetKind Kind { get; set; }
    public string OriginalName { get; set; } = "";
    public long SizeBytes { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole file.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Container/codec as probed, e.g. "wav", "flac", "mp3".</summary>
    public string Format { get; set; } = "";
    public double? DurationSeconds { get; set; }
    public int? SampleRateHz { get; set; }

    /// <summary>Bits per sample of PCM; null for lossy formats.</summary>
    public int? BitDepth { get; set; }
    public int? Channels { get; set; }

    public string StorageKey { get; set; } = "";
    public string? UploadedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// When the studio's retention policy removed the file. The row stays, so every page can say what happened instead
    /// of showing a broken player; the bytes are gone unless another file has the same content.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>The policy's days after delivery at the time it removed the file (for the sentence the pages show).</summary>
    public int? RemovedAfterDays { get; set; }

    public List<Analysis> Analyses { get; set; } = [];
}
