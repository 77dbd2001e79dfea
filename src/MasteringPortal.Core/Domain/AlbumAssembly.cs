namespace MasteringPortal.Core.Domain;

/// <summary>
/// One assembly of an EP or album (issue 20, docs/ALBUM.md), run as a job (Jobs/AlbumJob): the running order, the pauses,
/// crossfades, fades, trims and level changes as the engineer set them, and each track's master it used, frozen in
/// <see cref="SequenceJson"/> when it was asked for, so the result can always be traced to what went in. Once the job
/// succeeded: the whole programme as one file at the masters' rate, for a CD layout the 44.1 kHz 16-bit programme too, and
/// the report (where each track landed, the CD's table of contents, the Red Book check).
/// </summary>
public class AlbumAssembly
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>1, 2, … per project, in the order they were asked for.</summary>
    public int Number { get; set; }

    /// <summary>What it is made from (Album/AlbumSequence as JSON): tracks in order with their master files and placement.</summary>
    public string SequenceJson { get; set; } = "{}";

    public string? RequestedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The assembled programme (a FileAsset of kind AlbumProgramme); null until the job succeeded.</summary>
    public Guid? ProgrammeFileId { get; set; }

    /// <summary>The programme encoded like a revision's preview (kind AlbumPreview); null until the job succeeded.</summary>
    public Guid? PreviewFileId { get; set; }

    /// <summary>The programme as a CD plays it, 44.1 kHz 16-bit dithered once (kind AlbumCd); null when not laid out for CD.</summary>
    public Guid? CdFileId { get; set; }

    /// <summary>What the assembly produced (Album/AlbumReport as JSON); null until the job succeeded.</summary>
    public string? ReportJson { get; set; }

    /// <summary>When the engineer posted it to the client for review (the album review page); null while only the studio sees it.</summary>
    public DateTimeOffset? PostedAt { get; set; }

    /// <summary>The engineer's note with the posted album ("the gap before track 4 is shorter now").</summary>
    public string PostedNote { get; set; } = "";
}
