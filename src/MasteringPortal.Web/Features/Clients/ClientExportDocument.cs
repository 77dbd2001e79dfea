namespace MasteringPortal.Web.Features.Clients;

/// <summary>
/// The JSON description in a client's export (<c>client.json</c>): everything the portal holds about the client as the
/// client may see it. Files are named by their path in the ZIP with their SHA-256, so the copy can be checked.
/// </summary>
public sealed record ClientExportDocument(DateTimeOffset ExportedAt, string Studio, ClientProfileExport Client,
    IReadOnlyList<PersonExport> People, IReadOnlyList<ProjectExport> Projects);

public sealed record ClientProfileExport(string Name, string ContactName, string Email, string Phone, DateTimeOffset CreatedAt);

/// <summary>A person who signs in for the client (a band's members each have their own).</summary>
public sealed record PersonExport(string Name, string? Email);

/// <param name="OnFiles">The conversations on the client's mixes and references (each file once).</param>
public sealed record ProjectExport(Guid Id, string Title, string Kind, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt,
    DateOnly? DueDate, long QuoteMinor, string Currency, IReadOnlyList<TrackExport> Tracks, IReadOnlyList<TimelineExport> Timeline,
    IReadOnlyList<PaymentExport> Payments, IReadOnlyList<FileExport> Files, IReadOnlyList<FileConversationExport> OnFiles);

public sealed record TrackExport(int Position, string Title, BriefExport? Brief, IReadOnlyList<RevisionExport> Revisions);

/// <summary>The comments on one mix or reference the client sent, the file named by its id in the project's <see cref="ProjectExport.Files"/>.</summary>
public sealed record FileConversationExport(Guid FileId, string Kind, string OriginalName, IReadOnlyList<CommentExport> Comments);

public sealed record BriefExport(string TargetPlatforms, double? CustomTargetLufs, string Genre, string Notes, string DeliveryFormats,
    IReadOnlyList<ReferenceExport> References, IReadOnlyList<ProblemNoteExport> ProblemNotes);

/// <summary>A reference; <see cref="FileId"/> names its uploaded file in the project's <see cref="ProjectExport.Files"/>.</summary>
public sealed record ReferenceExport(string Title, string WhatToTake, Guid? FileId);

public sealed record ProblemNoteExport(double StartSeconds, double? EndSeconds, string Text);

/// <summary>A revision posted to the client, with the conversation on it.</summary>
public sealed record RevisionExport(int Number, DateTimeOffset? PostedAt, string EngineerNote, bool Approved, IReadOnlyList<CommentExport> Comments);

/// <summary>A comment; one its author deleted keeps its place with no words (<see cref="Deleted"/>).</summary>
public sealed record CommentExport(Guid Id, Guid? ReplyTo, string Author, DateTimeOffset At, double StartSeconds, double? EndSeconds, string Text,
    bool Resolved, DateTimeOffset? EditedAt, bool Deleted);

public sealed record TimelineExport(DateTimeOffset At, string Kind, string Description);

public sealed record PaymentExport(long AmountMinor, string Currency, string Method, string Status, string? Reference, DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt);

/// <summary>
/// A file of the project: <see cref="Path"/> in the ZIP (null when it is not included: removed under the retention policy,
/// or a master not paid for), and why not in <see cref="Note"/>.
/// </summary>
public sealed record FileExport(Guid Id, string Kind, string OriginalName, long SizeBytes, string Sha256, string? Path, string? Note);
