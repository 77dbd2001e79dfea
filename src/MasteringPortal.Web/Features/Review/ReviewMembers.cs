using System.Collections.Concurrent;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// Who is in which review group, and whether they still may be. Joining is checked once, but access changes while a
/// page stays open (a client taken off a project, a user removed from the studio or the client's team): before the
/// relay sends anything about a project, each of its connections is checked again against the database, and one that
/// may no longer see the project, or now sees it as another audience, leaves the group before the push goes out.
/// </summary>
public sealed class ReviewMembers(IHubContext<ReviewHub, IReviewClient> hub, IDbContextFactory<PortalDbContext> dbFactory, ILogger<ReviewMembers> logger)
{
    readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, (string UserId, ReviewAudience Audience)>> byProject = new();

    public void Joined(Guid projectId, string connectionId, string userId, ReviewAudience audience) =>
        byProject.GetOrAdd(projectId, _ => new())[connectionId] = (userId, audience);

    public void Left(Guid projectId, string connectionId)
    {
        if (byProject.TryGetValue(projectId, out var members)) members.TryRemove(connectionId, out _);
    }

    public void Disconnected(string connectionId)
    {
        foreach (var members in byProject.Values) members.TryRemove(connectionId, out _);
    }

    /// <summary>Removes from the project's groups every connection whose user may no longer see the project as they joined it.</summary>
    public async Task RecheckAsync(Guid projectId, CancellationToken ct = default)
    {
        if (!byProject.TryGetValue(projectId, out var members) || members.IsEmpty) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (userId, group) in members.GroupBy(m => m.Value.UserId).Select(g => (g.Key, g.ToList())))
        {
            var viewer = await db.ViewerAsync(userId, ct);
            var allowed = viewer is not null && await db.CanViewAsync(viewer, projectId, ct);
            var audience = viewer?.IsEngineer == true ? ReviewAudience.Engineers : ReviewAudience.Clients;
            foreach (var (connectionId, member) in group)
            {
                if (allowed && member.Audience == audience) continue;
                logger.LogInformation("User {UserId} may no longer follow project {ProjectId} as {Audience}; their page leaves its review group",
                    userId, projectId, member.Audience);
                await hub.Groups.RemoveFromGroupAsync(connectionId, ReviewHub.Group(projectId, member.Audience), ct);
                members.TryRemove(connectionId, out _);
            }
        }
    }
}
