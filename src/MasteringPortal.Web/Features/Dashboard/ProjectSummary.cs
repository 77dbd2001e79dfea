using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;

namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>One project as a dashboard row shows it.</summary>
public sealed record ProjectSummary(
    Guid Id,
    string Title,
    string ClientName,
    ProjectKind Kind,
    ProjectStatus Status,
    DateOnly? DueDate,
    Money Quote,
    bool IsPaid,
    int TrackCount,
    WaitingOn Waiting)
{
    /// <summary>Late when the due date has passed and the client has not approved a master yet.</summary>
    public bool IsOverdue(DateOnly today) =>
        DueDate is { } due && due < today && Status < ProjectStatus.Approved;
}
