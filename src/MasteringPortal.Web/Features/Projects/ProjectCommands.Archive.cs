using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// Archiving a project and bringing it back, the studio owner's actions. Archiving saves the flag (with a timeline line)
/// first and then moves the project's files into the store's archive folder, except content a live project (not
/// archived) also uses, which stays where it is; while the flag is set, the file routes answer with a sentence instead
/// of audio. Bringing it back moves the files first and clears the flag last, so a file is never asked for while it is
/// on its way. Either can be repeated after an interruption: moving a file that has already moved does nothing.
/// </summary>
public sealed partial class ProjectCommands
{
    public const string ArchivedNotice = "This project is archived: its files are kept safe but not played here. Ask the studio to bring it back.";

    public async Task<ActionOutcome> ArchiveAsync(ClaimsPrincipal user, Guid projectId, LocalFileStore store, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (viewer, project) = await OwnersProjectAsync(db, user, projectId, ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        if (project.ArchivedAt is null)
        {
            project.ArchivedAt = clock.GetUtcNow();
            workflow.Note(project, viewer.AsActor(), "Project archived: its files are kept in the studio's archive until it is brought back.");
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { return ActionOutcome.Conflict; }
        }
        foreach (var key in await KeysAsync(db, projectId, ct))
        {
            if (await UsedByLiveProjectAsync(db, key, projectId, ct)) continue;
            store.MoveToArchive(key);
            // An upload of the same content to a live project may have finished meanwhile: then the bytes belong in the store.
            if (await UsedByLiveProjectAsync(db, key, projectId, ct)) store.MoveFromArchive(key);
        }
        await PublishAsync([Change(projectId, ProjectChangeKind.Project, null)]);
        return ActionOutcome.Done;
    }

    public async Task<ActionOutcome> BringBackAsync(ClaimsPrincipal user, Guid projectId, LocalFileStore store, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (viewer, project) = await OwnersProjectAsync(db, user, projectId, ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        if (project.ArchivedAt is null) return ActionOutcome.Refused("This project is not archived.");
        foreach (var key in await KeysAsync(db, projectId, ct)) store.MoveFromArchive(key);
        project.ArchivedAt = null;
        workflow.Note(project, viewer.AsActor(), "Project brought back from the archive: its files play again.");
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return ActionOutcome.Conflict; }
        await PublishAsync([Change(projectId, ProjectChangeKind.Project, null)]);
        return ActionOutcome.Done;
    }

    /// <summary>The project, when the user is the owner of its studio; otherwise nothing, as for a project they cannot see.</summary>
    static async Task<(PortalViewer? Viewer, Project? Project)> OwnersProjectAsync(PortalDbContext db, ClaimsPrincipal user, Guid projectId,
        CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(user, ct);
        if (viewer is not { IsOwner: true }) return (null, null);
        return (viewer, await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == projectId, ct));
    }

    static Task<List<string>> KeysAsync(PortalDbContext db, Guid projectId, CancellationToken ct) =>
        db.FileAssets.AsNoTracking().Where(f => f.ProjectId == projectId && f.RemovedAt == null).Select(f => f.StorageKey).Distinct().ToListAsync(ct);

    static Task<bool> UsedByLiveProjectAsync(PortalDbContext db, string key, Guid archivedProjectId, CancellationToken ct) =>
        db.FileAssets.AsNoTracking().AnyAsync(f => f.StorageKey == key && f.RemovedAt == null && f.ProjectId != archivedProjectId
                                                   && f.Project!.ArchivedAt == null, ct);
}
