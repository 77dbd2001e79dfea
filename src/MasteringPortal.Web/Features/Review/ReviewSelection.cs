namespace MasteringPortal.Web.Features.Review;

/// <summary>Where on a revision the listener clicked (a moment) or dragged (a passage): what a new comment is about.</summary>
public sealed record ReviewSelection(Guid RevisionId, string Label, double Start, double? End);
