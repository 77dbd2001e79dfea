using System.Security.Claims;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Access;

/// <summary>
/// The one place that decides who sees and changes which project. Pages, endpoints, the hub and file
/// requests all ask here. Engineers see every project of their studio; a client user sees only the
/// projects of their own client. Anything else (no user, unknown user, no role) sees nothing.
/// Editing follows viewing: who may see a project may work on it; which actions are open at which
/// stage is the workflow's business (ProjectWorkflow).
/// </summary>
public sealed class ProjectAccess(PortalDbContext db)
{
    public async Task<PortalViewer?> ViewerAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await ViewerAsync(userId, cancellationToken);
    }

    public async Task<PortalViewer?> ViewerAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.StudioId, u.ClientId })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null) return null;
        var isEngineer = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            where ur.UserId == userId && r.Name == Roles.Engineer
            select ur).AnyAsync(cancellationToken);
        return new PortalViewer(user.Id, user.StudioId, user.ClientId, isEngineer);
    }

    /// <summary>The projects this viewer may see, as a query to refine (filter, order, include) further.</summary>
    public IQueryable<Project> VisibleProjects(PortalViewer? viewer)
    {
        if (viewer is null) return db.Projects.Where(_ => false);
        if (viewer.IsEngineer) return db.Projects.Where(p => p.StudioId == viewer.StudioId);
        if (viewer.ClientId is { } clientId)
            return db.Projects.Where(p => p.ClientId == clientId && p.StudioId == viewer.StudioId);
        return db.Projects.Where(_ => false);
    }

    public async Task<IQueryable<Project>> VisibleProjectsAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        VisibleProjects(await ViewerAsync(principal, cancellationToken));

    /// <summary>Files of visible projects only; the file endpoints look files up through this.</summary>
    public IQueryable<FileAsset> VisibleFiles(PortalViewer? viewer) =>
        db.FileAssets.Where(f => VisibleProjects(viewer).Select(p => p.Id).Contains(f.ProjectId));

    public Task<bool> CanViewAsync(PortalViewer? viewer, Guid projectId, CancellationToken cancellationToken = default) =>
        VisibleProjects(viewer).AnyAsync(p => p.Id == projectId, cancellationToken);

    public async Task<bool> CanViewAsync(ClaimsPrincipal principal, Guid projectId, CancellationToken cancellationToken = default) =>
        await CanViewAsync(await ViewerAsync(principal, cancellationToken), projectId, cancellationToken);

    public Task<bool> CanEditAsync(PortalViewer? viewer, Guid projectId, CancellationToken cancellationToken = default) =>
        CanViewAsync(viewer, projectId, cancellationToken);

    public async Task<bool> CanEditAsync(ClaimsPrincipal principal, Guid projectId, CancellationToken cancellationToken = default) =>
        await CanEditAsync(await ViewerAsync(principal, cancellationToken), projectId, cancellationToken);

    public Task<bool> CanViewFileAsync(PortalViewer? viewer, Guid fileAssetId, CancellationToken cancellationToken = default) =>
        VisibleFiles(viewer).AnyAsync(f => f.Id == fileAssetId, cancellationToken);
}
