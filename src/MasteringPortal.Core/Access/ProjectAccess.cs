using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Access;

/// <summary>
/// The one place that decides who sees and changes which project. Pages, endpoints, the hub and file
/// requests all ask here. The studio's team (owner, engineers, assistants) sees every project of their studio; a client user sees only the
/// projects of their own client. Anything else (no user, unknown user, no role) sees nothing.
/// Editing follows viewing: who may see a project may work on it; which actions are open at which
/// stage is the workflow's business (ProjectWorkflow and its capabilities table).
/// The rules are queries on the caller's own DbContext (pages and commands open one per call), so they are
/// extension methods on it rather than a service bound to one context.
/// </summary>
public static class ProjectAccess
{
    public static async Task<PortalViewer?> ViewerAsync(this PortalDbContext db, ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await db.ViewerAsync(userId, cancellationToken);
    }

    public static async Task<PortalViewer?> ViewerAsync(this PortalDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.StudioId, u.ClientId })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null) return null;
        var roles = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where ur.UserId == userId
            select r.Name).ToListAsync(cancellationToken);
        TeamRole? team = roles.Contains(Roles.Owner) && roles.Contains(Roles.Engineer) ? TeamRole.Owner
            : roles.Contains(Roles.Engineer) ? TeamRole.Engineer
            : roles.Contains(Roles.Assistant) ? TeamRole.Assistant
            : null;
        return new PortalViewer(user.Id, user.StudioId, user.ClientId, team);
    }

    /// <summary>The projects this viewer may see, as a query to refine (filter, order, include) further.</summary>
    public static IQueryable<Project> VisibleProjects(this PortalDbContext db, PortalViewer? viewer)
    {
        if (viewer is null) return db.Projects.Where(_ => false);
        if (viewer.IsTeam) return db.Projects.Where(p => p.StudioId == viewer.StudioId);
        if (viewer.ClientId is { } clientId)
            return db.Projects.Where(p => p.ClientId == clientId && p.StudioId == viewer.StudioId);
        return db.Projects.Where(_ => false);
    }

    public static async Task<IQueryable<Project>> VisibleProjectsAsync(this PortalDbContext db, ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        db.VisibleProjects(await db.ViewerAsync(principal, cancellationToken));

    /// <summary>Files of visible projects only; the file endpoints look files up through this.</summary>
    public static IQueryable<FileAsset> VisibleFiles(this PortalDbContext db, PortalViewer? viewer) =>
        db.FileAssets.Where(f => db.VisibleProjects(viewer).Select(p => p.Id).Contains(f.ProjectId));

    public static Task<bool> CanViewAsync(this PortalDbContext db, PortalViewer? viewer, Guid projectId, CancellationToken cancellationToken = default) =>
        db.VisibleProjects(viewer).AnyAsync(p => p.Id == projectId, cancellationToken);

    public static async Task<bool> CanViewAsync(this PortalDbContext db, ClaimsPrincipal principal, Guid projectId, CancellationToken cancellationToken = default) =>
        await db.CanViewAsync(await db.ViewerAsync(principal, cancellationToken), projectId, cancellationToken);

    public static Task<bool> CanEditAsync(this PortalDbContext db, PortalViewer? viewer, Guid projectId, CancellationToken cancellationToken = default) =>
        db.CanViewAsync(viewer, projectId, cancellationToken);

    public static async Task<bool> CanEditAsync(this PortalDbContext db, ClaimsPrincipal principal, Guid projectId, CancellationToken cancellationToken = default) =>
        await db.CanEditAsync(await db.ViewerAsync(principal, cancellationToken), projectId, cancellationToken);

    public static Task<bool> CanViewFileAsync(this PortalDbContext db, PortalViewer? viewer, Guid fileAssetId, CancellationToken cancellationToken = default) =>
        db.VisibleFiles(viewer).AnyAsync(f => f.Id == fileAssetId, cancellationToken);
}
