using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Core.Pricing;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>The dashboards' data: the projects this user may see (through <see cref="ProjectAccess"/>), as summaries.</summary>
public sealed class DashboardQueries(IDbContextFactory<PortalDbContext> factory)
{
    /// <summary>Events that change a project's status; the latest one says since when it waits.</summary>
    static readonly ProjectEventKind[] StatusEvents =
    [
        ProjectEventKind.Created, ProjectEventKind.Submitted, ProjectEventKind.WorkStarted, ProjectEventKind.RevisionPosted,
        ProjectEventKind.ChangesRequested, ProjectEventKind.Approved, ProjectEventKind.Paid, ProjectEventKind.Delivered,
    ];

    public async Task<IReadOnlyList<ProjectSummary>> ProjectsAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is null) return [];
        var rows = await db.VisibleProjects(viewer)
            .AsNoTracking()
            .Select(p => new
            {
                p.Id,
                p.Title,
                ClientName = p.Client!.Name,
                p.Kind,
                p.Status,
                p.DueDate,
                p.QuoteMinor,
                p.Currency,
                p.CreatedAt,
                TrackCount = p.Tracks.Count,
                TracksWithBrief = p.Tracks.Count(t => t.Brief != null
                    && t.Brief.TargetPlatforms != TargetPlatforms.None && t.Brief.DeliveryFormats != DeliveryFormats.None),
                LatestPosted = p.Tracks.SelectMany(t => t.Revisions).Where(r => r.PostedAt != null).Max(r => (int?)r.Number) ?? 0,
                IsPaid = ProjectCapabilities.PaidStatuses.Contains(p.Status) && !p.PaymentReversed,
            })
            .ToListAsync(ct);

        var ids = rows.Select(r => r.Id).ToList();
        // Aggregated here, not in SQL: SQLite cannot take MAX of a DateTimeOffset column.
        var events = await db.ProjectEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ProjectId) && StatusEvents.Contains(e.Kind))
            .Select(e => new { e.ProjectId, e.At })
            .ToListAsync(ct);
        var lastChange = events.GroupBy(e => e.ProjectId).ToDictionary(g => g.Key, g => g.Max(e => e.At));

        return rows.Select(r =>
        {
            var since = lastChange.TryGetValue(r.Id, out var at) ? at : r.CreatedAt;
            var waiting = WaitingOn.For(new ProjectProgress(r.Status, r.TrackCount, r.TracksWithBrief, r.LatestPosted, since));
            return new ProjectSummary(r.Id, r.Title, r.ClientName, r.Kind, r.Status, r.DueDate,
                new Money(r.QuoteMinor, r.Currency), r.IsPaid, r.TrackCount, waiting);
        }).ToList();
    }

    /// <summary>Groups in workflow order; within a group the nearest due date first, undated last.</summary>
    public static IEnumerable<IGrouping<ProjectStatus, ProjectSummary>> ByStatus(IEnumerable<ProjectSummary> projects) =>
        projects
            .OrderBy(p => p.Status)
            .ThenBy(p => p.DueDate ?? DateOnly.MaxValue)
            .ThenBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase)
            .GroupBy(p => p.Status);
}
