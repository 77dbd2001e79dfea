using MasteringPortal.Core.Domain;
using MudBlazor;

namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>Status names and colours as the pages show them.</summary>
public static class StatusText
{
    public static string Label(ProjectStatus status) => status switch
    {
        ProjectStatus.Draft => "Draft",
        ProjectStatus.Submitted => "Submitted",
        ProjectStatus.InProgress => "In progress",
        ProjectStatus.InReview => "In review",
        ProjectStatus.ChangesRequested => "Changes requested",
        ProjectStatus.Approved => "Approved",
        ProjectStatus.Paid => "Paid",
        ProjectStatus.Delivered => "Delivered",
        _ => status.ToString(),
    };

    public static Color Color(ProjectStatus status) => status switch
    {
        ProjectStatus.Draft => MudBlazor.Color.Default,
        ProjectStatus.Submitted or ProjectStatus.InProgress => MudBlazor.Color.Info,
        ProjectStatus.InReview or ProjectStatus.ChangesRequested => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Success,
    };

    public static string Kind(ProjectKind kind) => kind switch
    {
        ProjectKind.EP => "EP",
        ProjectKind.Album => "Album",
        _ => "Single",
    };
}
