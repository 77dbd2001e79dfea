namespace MasteringPortal.Core.Domain;

public enum RevisionStatus { Queued, Rendering, Ready, Failed }

/// <summary>One master of a track rendered with a chain's settings; numbered 1, 2, … per track.</summary>
public class Revision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public int Number { get; set; }

    /// <summary>The render chain's settings, so "start from revision N" and re-renders are exact.</summary>
    public string SettingsJson { get; set; } = "{}";
    public RevisionStatus Status { get; set; } = RevisionStatus.Queued;
    public string EngineerNote { get; set; } = "";

    /// <summary>Why a render failed, in words for the engineer.</summary>
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the engineer posted it to the client; null while only the engineer sees it.</summary>
    public DateTimeOffset? PostedAt { get; set; }
    public int ProgressPercent { get; set; }

    /// <summary>
    /// What the render achieved, as JSON (Jobs/RenderReport): integrated loudness, LRA, true peak, loudness
    /// gain, render time, each file's own measurement and the codec check's warnings. Null until rendered.
    /// </summary>
    public string? RenderReportJson { get; set; }

    /// <summary>The master files (and previews) of this revision.</summary>
    public List<FileAsset> Files { get; set; } = [];
    public List<Comment> Comments { get; set; } = [];
}
