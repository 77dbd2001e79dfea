namespace MasteringPortal.Core.Domain;

/// <summary>
/// A reference match the engineer asked for in the workspace, run as a job (<see cref="Jobs.MatchJob"/>): what it was
/// made from (the mix and the references by file and content hash, the amounts, the chain it started from) and, once
/// the job succeeded, the chain it wrote and its report. The next render from that chain carries the report with the
/// revision (<see cref="RevisionMatch.Report"/>), so the match is kept as long as the revision is.
/// </summary>
public class MatchRun
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }

    /// <summary>The mix matched (the track's current mix when the engineer asked) and its bytes' hash then.</summary>
    public Guid MixFileId { get; set; }
    public string MixSha256 { get; set; } = "";

    /// <summary>The references and amounts (<see cref="RevisionMatch"/> as JSON, without a report).</summary>
    public string RequestJson { get; set; } = "{}";

    /// <summary>The chain the match starts from (the workspace's settings when it was asked), as JSON.</summary>
    public string BaseSettingsJson { get; set; } = "{}";

    /// <summary>The chain the match wrote (RenderSettings JSON); null until the job succeeded.</summary>
    public string? SettingsJson { get; set; }

    /// <summary>The match's report (MatchReport JSON: the figures, the EQ curves and notes); null until the job succeeded.</summary>
    public string? ReportJson { get; set; }

    public string? RequestedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
