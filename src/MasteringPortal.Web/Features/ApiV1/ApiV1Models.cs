namespace MasteringPortal.Web.Features.ApiV1;

// The documents of /api/v1 (docs/API.md). Their readers are scripts and the `mastering` CLI, so they carry what a
// desk's export step needs and name statuses by the domain's own words (Ready, InReview), not numbers.

/// <summary>A project the caller may see.</summary>
/// <param name="Status">The workflow stage: Draft, Submitted, InProgress, InReview, ChangesRequested, Approved, Paid, Delivered.</param>
/// <param name="StatusText">The stage as the pages say it ("In review").</param>
public sealed record ApiProject(Guid Id, string Title, string Kind, string Status, string StatusText, string Client, DateOnly? DueDate,
    int TrackCount);

/// <summary>A track in running order, its current mix and its revisions (oldest first).</summary>
public sealed record ApiTrack(Guid Id, string Title, int Position, ApiMix? CurrentMix, IReadOnlyList<ApiRevisionSummary> Revisions);

/// <summary>The mix the track is mastered from: its file id and the name it was uploaded under.</summary>
public sealed record ApiMix(Guid FileId, string Name);

/// <param name="Status">Queued, Rendering, Ready or Failed.</param>
public sealed record ApiRevisionSummary(Guid Id, int Number, string Status, DateTimeOffset CreatedAt, DateTimeOffset? PostedAt);

/// <summary>One revision: where it stands, why it failed, and its master's measured figures once analysed.</summary>
/// <param name="Status">Queued, Rendering, Ready or Failed.</param>
/// <param name="FailureReason">Why it failed, in words for the engineer; null unless Failed.</param>
/// <param name="Master">The main master file and its analysis; null until the revision has one.</param>
/// <param name="Checks">What the engineer should look at before posting (an empty list when nothing was found).</param>
public sealed record ApiRevision(Guid Id, Guid ProjectId, Guid TrackId, int Number, string Status, int ProgressPercent,
    string? FailureReason, string Note, DateTimeOffset CreatedAt, DateTimeOffset? PostedAt, ApiMaster? Master,
    IReadOnlyList<ApiCheck> Checks);

/// <summary>
/// The master file as stored and as measured: BS.1770-4 integrated loudness (LUFS), true peak (dBTP) and EBU Tech 3342
/// loudness range (LU). The figures are null until the analysis has run (or for silence).
/// </summary>
public sealed record ApiMaster(Guid FileId, string Name, string Format, int? SampleRateHz, int? BitDepth, int? Channels,
    double? DurationSeconds, double? IntegratedLufs, double? TruePeakDbtp, double? LoudnessRangeLu);

/// <param name="Severity">"warning" (worth a look) or "problem" (fix before posting).</param>
public sealed record ApiCheck(string Severity, string Message);

/// <summary>
/// A comment at a moment of one source: a revision (<see cref="RevisionId"/>), or a file the client sent, a mix or a
/// reference (<see cref="FileId"/>); <see cref="On"/> says which ("revision", "mix" or "reference"). Replies name their
/// parent. A comment its author deleted keeps its place in the thread with empty words and <see cref="Deleted"/> set;
/// <see cref="EditedAt"/> is when its author last changed the words. <see cref="TrackId"/> is null only for a comment on
/// a reference that no track's brief names any more.
/// </summary>
public sealed record ApiComment(Guid Id, Guid? TrackId, string On, Guid? RevisionId, int? RevisionNumber, Guid? FileId, Guid? ParentId,
    string Author, double StartSeconds, double? EndSeconds, string Text, bool Resolved, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt,
    bool Deleted);

/// <summary>The body of POST …/revisions/{id}/post: a note for the client (optional).</summary>
public sealed record PostRevisionRequest(string? Note);
