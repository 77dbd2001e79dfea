using System.Security.Claims;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>A file that arrived whole, matched its checksum and probed as audio we take, stored under its content hash.</summary>
/// <param name="ReferenceId">The brief reference the file is for; null makes a new reference titled by the file name.</param>
public sealed record ArrivedFile(Guid ProjectId, Guid TrackId, FileAssetKind Kind, Guid? ReferenceId, string FileName,
    StoredFile Stored, AudioFileInfo Info);

/// <summary>The attached file, or why it was not attached (the outcome's message, for the person uploading).</summary>
public sealed record AttachedFile(FileAsset? Asset, ActionOutcome Outcome);

/// <summary>Files arriving in a project: a mix becomes its track's current mix, a reference fills its brief entry.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Creates the FileAsset and attaches it: a mix becomes the track's current mix (the earlier one stays as history),
    /// a reference fills the named brief reference or a new one titled by the file name. When someone saved the track or
    /// brief at the same moment, it tries again on their version (their edit is kept: only our fields change).
    /// </summary>
    public async Task<AttachedFile> AttachFileAsync(ClaimsPrincipal user, ArrivedFile file, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var viewer = await db.ViewerAsync(user, ct);
            var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == file.ProjectId, ct);
            if (viewer is null || project is null) return new AttachedFile(null, ActionOutcome.NotYours);
            var actor = viewer.AsActor();
            var track = await db.Tracks.Include(t => t.Brief!).ThenInclude(b => b.References)
                .FirstOrDefaultAsync(t => t.Id == file.TrackId && t.ProjectId == project.Id, ct);
            // A mix the engineer asked for may arrive from the client while mastering; anything else follows the stage.
            var allowed = file.Kind == FileAssetKind.Mix
                ? ProjectCapabilities.AllowsNewMix(project.Status, actor.Role, track?.NewMixRequestedAt is not null)
                : ProjectCapabilities.Allows(ProjectCapability.Upload, project, actor);
            if (!allowed)
                return new AttachedFile(null, ActionOutcome.Refused(ProjectCapabilities.WhyNotUpload(actor.Role)));
            if (track is null)
                return new AttachedFile(null, ActionOutcome.Refused(
                    "This track was removed from the project while the file was uploading, so the file was not attached."));

            var asset = NewAsset(file, viewer.UserId);
            db.FileAssets.Add(asset);
            workflow.Note(project, actor, Attach(track, file, asset), ProjectEventKind.FileAdded);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
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

    FileAsset NewAsset(ArrivedFile file, string userId)
    {
        var format = file.Info.Format;
        return new FileAsset
        {
            ProjectId = file.ProjectId, TrackId = file.TrackId, Kind = file.Kind,
            OriginalName = file.FileName, SizeBytes = file.Stored.SizeBytes, Sha256 = file.Stored.Sha256, StorageKey = file.Stored.Key,
            Format = format.Container, DurationSeconds = file.Info.Duration?.TotalSeconds,
            SampleRateHz = format.SampleRateHz > 0 ? format.SampleRateHz : null,
            BitDepth = format.IsLossy || format.BitDepth <= 0 ? null : format.BitDepth,
            Channels = format.Channels > 0 ? format.Channels : null,
            UploadedById = userId, CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Puts the file in its place on the track; returns the timeline line that says so.</summary>
    static string Attach(Track track, ArrivedFile file, FileAsset asset)
    {
        if (file.Kind == FileAssetKind.Mix)
        {
            var line = track.CurrentMixId is null
                ? $"Mix \"{file.FileName}\" uploaded for \"{track.Title}\"."
                : track.NewMixRequestedAt is not null
                    ? $"New mix \"{file.FileName}\" uploaded for \"{track.Title}\", as the engineer asked; the revisions made so far stay tied to the earlier mix."
                    : $"New mix \"{file.FileName}\" uploaded for \"{track.Title}\"; the earlier mix stays in the project's files.";
            track.CurrentMixId = asset.Id;
            // The new mix answers the engineer's request: the client's upload closes again.
            track.NewMixRequestedAt = null;
            track.NewMixRequestNote = null;
            return line;
        }
        var brief = track.Brief ??= new Brief { TrackId = track.Id };
        var reference = file.ReferenceId is { } id ? brief.References.FirstOrDefault(r => r.Id == id) : null;
        if (reference is null)
        {
            reference = new ReferenceTrack { Title = Path.GetFileNameWithoutExtension(file.FileName) };
            brief.References.Add(reference);
        }
        reference.FileAssetId = asset.Id;
        return $"Reference \"{file.FileName}\" uploaded for \"{track.Title}\".";
    }
}
