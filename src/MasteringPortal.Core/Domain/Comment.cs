namespace MasteringPortal.Core.Domain;

/// <summary>
/// A remark at a time position or over a range of one source: a revision (<see cref="RevisionId"/>), or a file the
/// client sent (<see cref="FileAssetId"/>: one mix, so it stays on the mix it was made on after a new one arrives, or a
/// reference). Exactly one of the two is set. Replies thread through <see cref="ParentId"/> and share their thread's source.
/// </summary>
public class Comment : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? RevisionId { get; set; }
    public Revision? Revision { get; set; }

    /// <summary>The mix or reference file the comment is about, when it is not about a revision.</summary>
    public Guid? FileAssetId { get; set; }
    public FileAsset? FileAsset { get; set; }
    public string AuthorId { get; set; } = "";
    public PortalUser? Author { get; set; }
    public Guid? ParentId { get; set; }
    public Comment? Parent { get; set; }
    public List<Comment> Replies { get; set; } = [];

    public double StartSeconds { get; set; }
    public double? EndSeconds { get; set; }
    public string Text { get; set; } = "";
    public bool Resolved { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When its author last changed the words; null when never edited (the page marks an edited comment).</summary>
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>
    /// When its author deleted it: the words are gone (<see cref="Text"/> is emptied), the row stays so a thread's
    /// replies keep their place and every open page learns of the deletion.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}
