namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Where on a source the listener clicked (a moment) or dragged (a passage): what a new comment is about. A revision
/// names <paramref name="RevisionId"/>; the mix or a reference names its file (<paramref name="FileId"/>).
/// </summary>
public sealed record ReviewSelection(Guid? RevisionId, string Label, double Start, double? End, Guid? FileId = null);
