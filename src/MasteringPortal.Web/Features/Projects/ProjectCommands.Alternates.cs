using System.Security.Claims;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// A track's alternate versions (issue 20 §4, docs/ALBUM.md "Alternate versions"): the mix of an instrumental, a cappella,
/// clean version or TV mix arriving beside the main mix, and the alternate's own ISRC.
/// </summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Attaches an alternate's mix (<see cref="FileAssetKind.AlternateMix"/>) to its track: the track's alternate of that
    /// kind is made when this is its first mix, else its mix is replaced (the earlier one stays in the project's files as
    /// history, like a replaced main mix) and its alignment report cleared until the new mix is checked. Who may: as for the
    /// main mix (<see cref="ProjectCapabilities.AllowsNewMix"/>).
    /// </summary>
    public async Task<AttachedFile> AttachAlternateMixAsync(ClaimsPrincipal user, ArrivedFile file, AlternateKind kind, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var viewer = await db.ViewerAsync(user, ct);
            var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == file.ProjectId, ct);
            if (viewer is null || project is null) return new AttachedFile(null, ActionOutcome.NotYours);
            var actor = viewer.AsActor();
            var track = await db.Tracks.Include(t => t.Alternates).FirstOrDefaultAsync(t => t.Id == file.TrackId && t.ProjectId == project.Id, ct);
            if (!ProjectCapabilities.AllowsNewMix(project.Status, actor.Role, track?.NewMixRequestedAt is not null))
                return new AttachedFile(null, ActionOutcome.Refused(ProjectCapabilities.WhyNotUpload(actor.Role)));
            if (track is null)
                return new AttachedFile(null, ActionOutcome.Refused(
                    "This track was removed from the project while the file was uploading, so the file was not attached."));

            var alternate = track.Alternates.FirstOrDefault(a => a.Kind == kind);
            var replaced = alternate?.MixFileId is not null;
            if (alternate is null)
            {
                alternate = new TrackAlternate { TrackId = track.Id, Kind = kind, CreatedAt = clock.GetUtcNow() };
                db.TrackAlternates.Add(alternate);
            }
            var asset = NewAsset(file with { Kind = FileAssetKind.AlternateMix }, viewer.UserId);
            asset.TrackAlternateId = alternate.Id;
            db.FileAssets.Add(asset);
            alternate.MixFileId = asset.Id;
            alternate.AlignmentJson = null; // checked again by the new mix's analysis
            var name = AlternateKinds.Words(kind);
            workflow.Note(project, actor, replaced
                ? $"New {name} mix \"{file.FileName}\" uploaded for \"{track.Title}\"; the earlier one stays in the project's files."
                : $"{char.ToUpperInvariant(name[0])}{name[1..]} mix \"{file.FileName}\" uploaded for \"{track.Title}\".", ProjectEventKind.FileAdded);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Someone saved the project, or made the same alternate, at the same moment: again on their version.
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return new AttachedFile(null, ActionOutcome.Conflict);
            }
            await PublishAsync([Change(project.Id, ProjectChangeKind.Project, asset.Id)]);
            return new AttachedFile(asset, ActionOutcome.Done);
        }
    }

    /// <summary>
    /// An alternate's own ISRC (valid, and used by no track or other alternate of the project: each version of a recording
    /// has its own); empty clears it. The client or the engineer, until delivery, like the tracks' ISRCs.
    /// </summary>
    public async Task<ActionOutcome> SetAlternateIsrcAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, AlternateKind kind, string? isrcText,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId)
            .Include(p => p.Tracks).ThenInclude(t => t.Alternates).FirstOrDefaultAsync(ct);
        if (viewer is null || project?.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
        if (!ProjectCapabilities.Allows(ProjectCapability.EditReleaseInfo, project, viewer.AsActor()))
            return ActionOutcome.Refused("The release's details can no longer be changed: the project has been delivered.");
        if (project.ArchivedAt is not null) return ActionOutcome.Refused(ArchivedNotice);
        if (track.Alternates.FirstOrDefault(a => a.Kind == kind) is not { } alternate)
            return ActionOutcome.Refused($"\"{track.Title}\" has no {AlternateKinds.Words(kind)} yet: its mix comes first.");
        string? isrc = null;
        if (!string.IsNullOrWhiteSpace(isrcText) && !ReleaseCodes.TryNormaliseIsrc(isrcText, out isrc, out var problem))
            return ActionOutcome.Refused(problem!);
        if (isrc is not null)
        {
            if (project.Tracks.FirstOrDefault(t => t.Isrc == isrc) is { } other)
                return ActionOutcome.Refused($"The ISRC {isrc} is already track {other.Position}'s (\"{other.Title}\"); each version of a recording has its own.");
            if (project.Tracks.SelectMany(t => t.Alternates.Select(a => (Track: t, Alternate: a)))
                    .FirstOrDefault(x => x.Alternate.Id != alternate.Id && x.Alternate.Isrc == isrc) is { Alternate: not null } taken)
                return ActionOutcome.Refused(
                    $"The ISRC {isrc} is already the {AlternateKinds.Words(taken.Alternate.Kind)}'s of \"{taken.Track.Title}\"; each version of a recording has its own.");
        }
        alternate.Isrc = isrc;
        // The project's concurrency token guards the save, as for the tracks' own details.
        project.Version = Guid.NewGuid();
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }
}
