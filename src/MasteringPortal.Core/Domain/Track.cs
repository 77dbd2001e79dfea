namespace MasteringPortal.Core.Domain;

/// <summary>A song in a project, in running order.</summary>
public class Track : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Project? Project { get; set; }
    public string Title { get; set; } = "";

    /// <summary>1-based position in the running order.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The mix the engineer masters from (a FileAsset id); earlier mixes stay in the project's files as
    /// history. A plain id without a database foreign key (see PortalModel).
    /// </summary>
    public Guid? CurrentMixId { get; set; }

    /// <summary>
    /// The revision the client approved as this track's final master (ProjectWorkflow.Approve); null until then.
    /// A plain id without a database foreign key, like <see cref="CurrentMixId"/>.
    /// </summary>
    public Guid? ApprovedRevisionId { get; set; }

    /// <summary>
    /// When the engineer sent the track back to mixing (asked the client for a new mix); null when no new mix is awaited.
    /// While set, the client may upload a mix for this track whatever the project's stage; the new mix clears it.
    /// </summary>
    public DateTimeOffset? NewMixRequestedAt { get; set; }

    /// <summary>The engineer's note with the request for a new mix (what to change in the mix).</summary>
    public string? NewMixRequestNote { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public Brief? Brief { get; set; }
    public List<Revision> Revisions { get; set; } = [];
}
