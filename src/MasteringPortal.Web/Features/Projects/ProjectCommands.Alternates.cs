using System.Security.Claims;
using MasteringPortal.Audio.Release;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// A track's alternate versions (issue 20 §4, docs/ALBUM.md "Alternate versions"): the mix of an instrumental, a cappella,
/// clean version or TV mix arriving beside the main mix, the engineer's own alternate master beside a master uploaded from
/// their desk, and the alternate's own ISRC.
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
            return ActionOutcome.Refused($"\"{track.Title}\" has no {AlternateKinds.Words(kind)} yet: its mix (or its master, beside an uploaded master) comes first.");
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

    /// <summary>
    /// Why a track may not take <paramref name="isrc"/>: an alternate version of the project has it (each version of a
    /// recording has its own); null when none does. The project's tracks and their alternates are loaded.
    /// </summary>
    static string? IsrcOfAnAlternate(Project project, string isrc) =>
        project.Tracks.SelectMany(t => t.Alternates.Select(a => (Track: t, Alternate: a))).FirstOrDefault(x => x.Alternate.Isrc == isrc) is { Alternate: not null } taken
            ? $"The ISRC {isrc} is already the {AlternateKinds.Words(taken.Alternate.Kind)}'s of \"{taken.Track.Title}\"; each version of a recording has its own."
            : null;

    /// <summary>
    /// The engineer's own alternate master (instrumental, a cappella, clean, TV mix) for a revision uploaded from their desk,
    /// after the upload checked it is lossless and lines up with the main master (<paramref name="alignment"/>). It becomes a
    /// Master file of that revision with the alternate's TrackAlternateId (the alternate is made if the track has none of that
    /// kind yet), and the revision's report gets its line, pending until its job has measured it and derived the brief's other
    /// formats (<see cref="UploadedAlternateMasterJob"/>). An earlier alternate master of the same kind in that revision, and
    /// what was derived from it, is replaced. Who and when: as for the main master (the team, from submission until the
    /// client approves), on an uploaded master's revision whose checks have finished.
    /// </summary>
    public async Task<AttachedFile> AttachAlternateMasterAsync(ClaimsPrincipal user, Guid revisionId, AlternateKind kind, ArrivedFile file,
        AlternateAlignmentReport alignment, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == file.ProjectId, ct);
        if (viewer is null || project is null) return new AttachedFile(null, ActionOutcome.NotYours);
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(ProjectCapability.Render, project, actor))
            return new AttachedFile(null, ActionOutcome.Refused(actor.Role != ActorRole.Client
                ? "This project is not open for new files: its masters are final."
                : "Only the engineer can add a master."));
        var revision = await db.Revisions.Include(r => r.Track!).ThenInclude(t => t.Alternates).Include(r => r.Files)
            .FirstOrDefaultAsync(r => r.Id == revisionId && r.TrackId == file.TrackId && r.Track!.ProjectId == project.Id, ct);
        if (revision is not { Origin: RevisionOrigin.UploadedMaster, Status: RevisionStatus.Ready }
            || ReadReport(revision) is not { } report)
            return new AttachedFile(null, ActionOutcome.Refused(AlternateMasterTooEarly));
        var track = revision.Track!;

        var alternate = track.Alternates.FirstOrDefault(a => a.Kind == kind);
        if (alternate is null)
        {
            alternate = new TrackAlternate { TrackId = track.Id, Kind = kind, CreatedAt = clock.GetUtcNow() };
            db.TrackAlternates.Add(alternate);
        }
        // The earlier master of this version in this revision, and the files derived from it, make way for the new one.
        var replaced = revision.Files.Where(f => f.Kind == FileAssetKind.Master && f.TrackAlternateId == alternate.Id).ToList();
        db.FileAssets.RemoveRange(replaced);
        var asset = NewAsset(file with { Kind = FileAssetKind.Master }, viewer.UserId);
        asset.RevisionId = revision.Id;
        asset.TrackAlternateId = alternate.Id;
        db.FileAssets.Add(asset);

        var line = new RenderReportAlternate(AlternateKinds.Code(kind), alternate.Id, null, alignment.AlternateLufs, 0, report.LoudnessGainDb,
            [new RenderReportFile("wav24", asset.Id, alignment.AlternateLufs, 0)], [], Uploaded: true, Pending: true,
            Alignment: RenderReportAlignment.From(alignment));
        var lines = (report.Alternates ?? []).Where(a => a.TrackAlternateId != alternate.Id).Append(line)
            .OrderBy(a => AlternateKinds.TryParse(a.Kind, out var k) ? (int)k : int.MaxValue).ToList();
        revision.RenderReportJson = (report with { Alternates = lines }).ToJson();
        var name = AlternateKinds.Words(kind);
        workflow.Note(project, actor, replaced.Count > 0
                ? $"A new {name} master \"{file.FileName}\" replaces the earlier one beside revision {revision.Number} of \"{track.Title}\"; it lines up with the main master."
                : $"The engineer's {name} master \"{file.FileName}\" goes beside revision {revision.Number} of \"{track.Title}\"; it lines up with the main master.",
            ProjectEventKind.FileAdded, EventAudience.Studio);
        // The project's token guards the revision's report against another version's upload, or its job, saving at the same moment.
        project.Version = Guid.NewGuid();
        try
        {
            var outcome = await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Revision, revision.Id)], ct);
            return new AttachedFile(outcome.Succeeded ? asset : null, outcome);
        }
        catch (DbUpdateException)
        {
            // The same version was made by another upload at the same moment (one alternate per kind and track).
            return new AttachedFile(null, ActionOutcome.Conflict);
        }
    }

    /// <summary>Why an alternate master cannot go beside this revision yet (or at all).</summary>
    public const string AlternateMasterTooEarly =
        "Alternate masters go beside a master uploaded from your desk, once its checks have finished. Please reload the page.";

    static RenderReport? ReadReport(Revision revision)
    {
        try { return RenderReport.FromJson(revision.RenderReportJson); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
