using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Samples;

/// <summary>One open sample request as the studio's dashboard lists it.</summary>
/// <param name="SamplePosted">Whether a sample has been posted (the client is deciding) or is still to be made.</param>
public sealed record OpenSampleRequest(Guid ProjectId, string Title, string ClientName, DateTimeOffset RequestedAt, bool SamplePosted);

/// <summary>The studio's sample requests: those still open, and how many of all requests went ahead.</summary>
public sealed record SampleRequestSummary(IReadOnlyList<OpenSampleRequest> Open, int Requested, int Converted);

/// <summary>Reads the sample requests of the studio the signed-in engineer works for (clients see none here).</summary>
public sealed class SampleRequests(IDbContextFactory<PortalDbContext> factory)
{
    public async Task<SampleRequestSummary> ForStudioAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsTeam: true }) return new SampleRequestSummary([], 0, 0);
        var rows = await db.VisibleProjects(viewer).AsNoTracking()
            .Where(p => p.SampleRequestedAt != null)
            .Select(p => new
            {
                p.Id, p.Title, ClientName = p.Client!.Name, p.SampleRequestedAt, p.SampleCommittedAt, p.Status,
                Posted = p.Tracks.SelectMany(t => t.Revisions).Any(r => r.SampleStartSeconds != null && r.PostedAt != null),
            })
            .ToListAsync(ct);
        var open = rows.Where(r => r.SampleCommittedAt is null && r.Status == ProjectStatus.Draft)
            .OrderBy(r => r.Posted).ThenBy(r => r.SampleRequestedAt)
            .Select(r => new OpenSampleRequest(r.Id, r.Title, r.ClientName, r.SampleRequestedAt!.Value, r.Posted))
            .ToList();
        return new SampleRequestSummary(open, rows.Count, rows.Count(r => r.SampleCommittedAt is not null));
    }
}
