using System.Security.Claims;
using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Telemetry;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using MasteringPortal.Web.Features.Projects;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>
/// The chunked, resumable upload of a mix or a reference (protocol in docs/UPLOADS.md). Every call checks
/// that the user may edit the project at its current stage and, for an existing upload, that they began it;
/// anything else is "not found", so neither projects nor uploads leak. A file reaches the file store and the
/// project only once every chunk is confirmed, the whole file matches the browser's SHA-256 and it probes as
/// audio of a type we take.
/// </summary>
public sealed class UploadService(
    PortalDbContext db,
    UploadStore store,
    IFileStore files,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    AudioTools audioTools,
    IPortalJobs jobs,
    ProjectCommands commands,
    ILogger<UploadService> logger)
{
    /// <summary>Extensions we take at the start (the content decides at the end).</summary>
    public static readonly IReadOnlySet<string> AllowedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".wav", ".wave", ".bwf", ".aif", ".aiff", ".aifc", ".flac", ".mp3", ".m4a", ".aac", ".mp4", ".ogg", ".oga", ".opus",
    };

    /// <summary>Containers/codecs as <see cref="AudioFormat.Container"/> names them that a mix or reference may be.</summary>
    static readonly HashSet<string> AllowedContainers = ["wav", "rf64", "bw64", "aiff", "aifc", "flac", "alac", "mp3", "aac", "vorbis", "opus"];

    /// <summary>A master is kept as it arrived and every deliverable derives from it: lossless containers only.</summary>
    static readonly HashSet<string> MasterContainers = ["wav", "rf64", "bw64", "aiff", "aifc", "flac"];

    const string TypesInWords = "WAV, AIFF, FLAC, ALAC, MP3, AAC/M4A, Ogg Vorbis or Opus";
    const int MaxFileNameLength = 255;

    /// <summary>One begin at a time, so two tabs resuming the same file cannot both create an upload.</summary>
    static readonly SemaphoreSlim BeginGate = new(1, 1);

    UploadOptions Limits => options.Value;

    public async Task<UploadResult<UploadStatus>> BeginAsync(ClaimsPrincipal principal, Guid projectId, BeginUploadRequest request, CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is null || !await db.CanEditAsync(viewer, projectId, ct)) return NoSuchProject();
        if (!TryParseKind(request.Kind, out var kind))
            return Error(UploadFailure.Invalid, "Say whether this file is the mix, a reference, a master, an alternate's mix or an alternate's master (kind \"mix\", \"reference\", \"master\", \"alternateMix\" or \"alternateMaster\").");
        var status = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Status).FirstAsync(ct);
        var track = await db.Tracks.AsNoTracking().Include(t => t.Brief!).ThenInclude(b => b.References)
            .FirstOrDefaultAsync(t => t.Id == request.TrackId && t.ProjectId == projectId, ct);
        if (UploadStages.WhyNotNow(viewer, status, kind, track?.NewMixRequestedAt is not null) is { } notNow) return notNow;
        if (track is null) return Error(UploadFailure.NotFound, "This track is not part of the project (it may have been removed). Please reload the page.");
        if (request.ReferenceId is { } referenceId)
        {
            if (kind != UploadKind.Reference) return Error(UploadFailure.Invalid, "Only a reference upload can name a reference.");
            if (track.Brief?.References.Any(r => r.Id == referenceId) != true)
                return Error(UploadFailure.NotFound, "This reference is no longer in the brief. Please reload the page.");
        }

        AlternateKind? alternate = null;
        if (kind is UploadKind.AlternateMix or UploadKind.AlternateMaster)
        {
            if (!AlternateKinds.TryParse(request.Alternate, out var named))
                return Error(UploadFailure.Invalid,
                    $"Say which version this {(kind == UploadKind.AlternateMix ? "mix" : "master")} is: \"instrumental\", \"acappella\", \"clean\" or \"tvmix\".");
            alternate = named;
        }
        else if (request.Alternate is not null)
            return Error(UploadFailure.Invalid, "Only an alternate's mix or master (kind \"alternateMix\" or \"alternateMaster\") names an alternate version.");
        // An alternate master goes beside a master uploaded from the engineer's desk, once that one's checks have finished.
        if (kind == UploadKind.AlternateMaster
            && (request.RevisionId is null
                || await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.RevisionId && r.TrackId == track.Id, ct)
                    is not { Origin: RevisionOrigin.UploadedMaster, Status: RevisionStatus.Ready }))
            return Error(UploadFailure.NotFound, ProjectCommands.AlternateMasterTooEarly);

        string? deliverable = null;
        if (kind == UploadKind.Deliverable)
        {
            if (!DeliverableUploads.TryParse(request.Deliverable, out var format, out _))
                return Error(UploadFailure.Invalid, "Say which file this is: \"wav16\", \"mp3\" or \"aac\".");
            var revision = await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.RevisionId && r.TrackId == track.Id, ct);
            if (revision is not { Origin: RevisionOrigin.UploadedMaster, Status: RevisionStatus.Ready })
                return Error(UploadFailure.NotFound, "Your own files go with an uploaded master once its checks have finished. Please reload the page.");
            if (DeliverableUploads.WhyNotName(format, request.FileName ?? "") is { } wrongName) return Error(UploadFailure.Invalid, wrongName);
            deliverable = format;
        }

        var name = (request.FileName ?? "").Trim();
        if (name.Length == 0 || name.Length > MaxFileNameLength || name.Any(char.IsControl))
            return Error(UploadFailure.Invalid, "The file needs a name of at most 255 characters.");
        if (!AllowedExtensions.Contains(Path.GetExtension(name)))
            return Error(UploadFailure.Invalid, $"\"{name}\" is not a type of file we take. Please upload {TypesInWords}.");
        if (request.SizeBytes <= 0) return Error(UploadFailure.Invalid, "This file is empty (0 bytes). Please export it again.");
        if (request.SizeBytes > Limits.MaxBytes)
            return Error(UploadFailure.TooLarge,
                $"This file is {Bytes(request.SizeBytes)}; the largest file we take is {Bytes(Limits.MaxBytes)}. " +
                "Please export it at a lower sample rate or as FLAC, or ask your engineer for another way to send it.");
        var sha256 = (request.Sha256 ?? "").Trim().ToLowerInvariant();
        if (!StorageKey.IsValid(sha256)) return Error(UploadFailure.Invalid, "The file's checksum (SHA-256, 64 hex digits) is missing or malformed.");
        var chunkSize = request.ChunkSizeBytes ?? Limits.ChunkSizeBytes;
        if (chunkSize < Limits.MinChunkBytes || chunkSize > Limits.MaxChunkBytes)
            return Error(UploadFailure.Invalid,
                $"Pieces must be between {Bytes(Limits.MinChunkBytes)} and {Bytes(Limits.MaxChunkBytes)}; {Bytes(chunkSize)} was asked for.");

        await BeginGate.WaitAsync(ct);
        try
        {
            var unfinished = 0;
            await foreach (var m in store.AllAsync(ct))
            {
                if (m.UserId != viewer.UserId || m.State != UploadState.Receiving) continue;
                if (m.ProjectId == projectId && m.TrackId == track.Id && m.Kind == kind && m.ReferenceId == request.ReferenceId
                    && m.RevisionId == request.RevisionId && m.Deliverable == deliverable && m.Alternate == alternate
                    && m.FileName == name && m.SizeBytes == request.SizeBytes && m.Sha256 == sha256)
                {
                    using (await store.LockAsync(m.Id, ct))
                    {
                        var fresh = await store.ReadAsync(m.Id, ct);
                        if (fresh is null) continue; // cancelled a moment ago: start a new one
                        fresh.UpdatedAt = clock.GetUtcNow(); // resuming counts as activity: the clean-up must not take it now
                        await store.SaveAsync(fresh, ct);
                        return UploadStatus.Of(fresh);
                    }
                }
                unfinished++;
            }
            if (unfinished >= Limits.MaxUnfinishedPerUser)
                return Error(UploadFailure.TooMany,
                    $"You have {unfinished} unfinished uploads. Please let one finish or cancel it before starting another.");

            if (await UploadQuotas.WhyNotAsync(db, viewer, projectId, request.SizeBytes, Limits, clock.GetUtcNow(), ct) is { } overQuota)
                return Error(UploadFailure.TooMany, overQuota);

            var now = clock.GetUtcNow();
            var manifest = new UploadManifest
            {
                Id = Guid.CreateVersion7(), UserId = viewer.UserId, ProjectId = projectId, TrackId = track.Id, Kind = kind,
                ReferenceId = request.ReferenceId, RevisionId = deliverable is not null || kind == UploadKind.AlternateMaster ? request.RevisionId : null, Deliverable = deliverable, Alternate = alternate, FileName = name, SizeBytes = request.SizeBytes, Sha256 = sha256,
                LastModified = request.LastModified, ChunkSizeBytes = chunkSize, CreatedAt = now, UpdatedAt = now,
                State = UploadState.Receiving,
                Confirmed = UploadManifest.EmptyBitmap(UploadManifest.ChunkCountFor(request.SizeBytes, chunkSize)),
            };
            await store.CreateAsync(manifest, ct);
            return UploadStatus.Of(manifest);
        }
        finally
        {
            BeginGate.Release();
        }
    }

    public async Task<UploadResult<UploadStatus>> StatusAsync(ClaimsPrincipal principal, Guid uploadId, CancellationToken ct)
    {
        var (manifest, _, error) = await OwnUploadAsync(principal, uploadId, checkStage: false, ct);
        return error is not null ? error : UploadStatus.Of(manifest!);
    }

    /// <summary>
    /// Writes chunk <paramref name="index"/> from <paramref name="body"/>. A chunk already confirmed is acknowledged
    /// without reading it again (so a retry after a lost answer is harmless); chunks may come in any order.
    /// </summary>
    public async Task<UploadResult<UploadStatus>> ReceiveChunkAsync(ClaimsPrincipal principal, Guid uploadId, int index, string? chunkSha256,
        long? contentLength, Stream body, CancellationToken ct)
    {
        var (manifest, _, error) = await OwnUploadAsync(principal, uploadId, checkStage: true, ct);
        if (error is not null) return error;
        if (manifest!.State == UploadState.Completed) return Error(UploadFailure.Conflict, "This upload is already complete.");
        if (index < 0 || index >= manifest.ChunkCount)
            return Error(UploadFailure.Invalid, $"There is no piece {index} in this upload: it has pieces 0 to {manifest.ChunkCount - 1}.");
        var expectedSha = chunkSha256?.Trim().ToLowerInvariant();
        if (!StorageKey.IsValid(expectedSha))
            return Error(UploadFailure.Invalid, "Each piece must carry its own SHA-256 (64 hex digits) in the X-Chunk-Sha256 header.");
        var length = manifest.LengthOf(index);
        if (contentLength is { } declared && declared != length)
            return Error(UploadFailure.Invalid, $"Piece {index} must be {length} bytes long; {declared} bytes were sent.");
        // Decided on the manifest as it is now, under the upload's lock, which complete holds from its checks to the
        // end: a piece never starts writing into a file that is being (or has been) verified and stored.
        using (await store.LockAsync(uploadId, ct))
        {
            var now = await store.ReadAsync(uploadId, ct);
            if (now is null) return NoSuchUpload();
            if (now.State == UploadState.Completed) return Error(UploadFailure.Conflict, "This upload is already complete.");
            if (now.IsConfirmed(index)) return UploadStatus.Of(now);
            if (!store.TryBeginChunk(uploadId, index))
                return new UploadError(UploadFailure.Conflict, $"Piece {index} is already arriving on another connection.", Retry: true);
        }
        try
        {
            var written = await store.WriteChunkAsync(manifest, index, expectedSha!, body, ct);
            switch (written)
            {
                case ChunkWrite.TooLong:
                    return Error(UploadFailure.Invalid, $"Piece {index} is longer than {length} bytes.");
                case ChunkWrite.TooShort:
                    return new UploadError(UploadFailure.Invalid, $"Piece {index} arrived incomplete (the connection may have dropped). Please send it again.", Retry: true);
                case ChunkWrite.ChecksumMismatch:
                    return new UploadError(UploadFailure.Rejected, $"Piece {index} was damaged on the way: its checksum does not match. Please send it again.", Retry: true);
            }
            using (await store.LockAsync(uploadId, ct))
            {
                var fresh = await store.ReadAsync(uploadId, ct);
                if (fresh is null) return NoSuchUpload(); // cancelled while this piece was arriving
                fresh.Confirm(index);
                fresh.UpdatedAt = clock.GetUtcNow();
                await store.SaveAsync(fresh, ct);
                PortalTelemetry.UploadReceived(length);
                return UploadStatus.Of(fresh);
            }
        }
        finally
        {
            store.EndChunk(uploadId, index);
        }
    }

    /// <summary>
    /// Verifies and attaches the finished file; returns its FileAsset id. Calling it again after success returns
    /// the same id. A file that is not what was declared, or not audio we take, is discarded with the reason.
    /// </summary>
    public async Task<UploadResult<CompletedUpload>> CompleteAsync(ClaimsPrincipal principal, Guid uploadId, CancellationToken ct)
    {
        var (_, _, error) = await OwnUploadAsync(principal, uploadId, checkStage: true, ct);
        if (error is not null) return error;
        using var _ = await store.LockAsync(uploadId, ct);
        var manifest = await store.ReadAsync(uploadId, ct);
        if (manifest is null) return NoSuchUpload();
        if (manifest.State == UploadState.Completed && manifest.FileAssetId is { } doneId)
        {
            var done = await db.FileAssets.AsNoTracking().FirstAsync(f => f.Id == doneId, ct);
            return new CompletedUpload(done.Id, done.Format, done.DurationSeconds, done.RevisionId);
        }
        var missing = manifest.ChunkCount - manifest.ConfirmedChunks().Count;
        if (missing > 0)
            return Error(UploadFailure.Conflict, $"{missing} of the {manifest.ChunkCount} pieces have not arrived yet.");
        // A piece sent again is still being written: its bytes could land after the checks below. No new piece starts
        // while this lock is held, so once none is arriving the file stays as it is checked.
        if (store.IsAnyChunkArriving(uploadId))
            return new UploadError(UploadFailure.Conflict, "A piece of this file is still arriving. Please wait a moment and finish again.", Retry: true);
        manifest.UpdatedAt = clock.GetUtcNow();
        await store.SaveAsync(manifest, ct);

        var partPath = store.PartPath(uploadId);
        if (await store.HashPartAsync(uploadId, ct) != manifest.Sha256)
            return Discard(manifest, "The file that arrived is not the same as the one you chose: its checksum does not match. " +
                                     "Nothing was saved; please upload it again.");
        AudioFileInfo info;
        try
        {
            info = await Task.Run(() => AudioFile.Probe(partPath, audioTools), ct);
        }
        catch (AudioFileException refused)
        {
            return Discard(manifest, refused.Message);
        }
        if (!AllowedContainers.Contains(info.Format.Container))
            return Discard(manifest, $"This file holds {info.Format.Container.ToUpperInvariant()} audio, which we do not take. Please upload {TypesInWords}.");
        var maxMinutes = await db.Projects.Where(p => p.Id == manifest.ProjectId).Select(p => p.Studio!.MaxFileMinutes).FirstAsync(ct);
        try
        {
            DurationLimitedSource.CheckStatedLength(info.LengthFrames, info.Format.SampleRateHz, TimeSpan.FromMinutes(maxMinutes));
        }
        catch (AudioFileException tooLong)
        {
            return Discard(manifest, tooLong.Message);
        }
        if (manifest.Kind is UploadKind.Master or UploadKind.AlternateMaster && !MasterContainers.Contains(info.Format.Container))
            return Discard(manifest, $"A master must be lossless: this file holds {info.Format.Container.ToUpperInvariant()} audio. Please upload the WAV, AIFF or FLAC export of your master.");
        // An alternate master must drop in for the main master: checked before anything is kept.
        AlternateAlignmentReport? alignment = null;
        if (manifest.Kind == UploadKind.AlternateMaster)
        {
            var (report, refusal) = await AlternateMasterUploads.CheckAsync(db, files, audioTools, manifest.RevisionId!.Value, manifest.Alternate!.Value,
                partPath, ct);
            if (refusal is not null) return Discard(manifest, refusal);
            alignment = report;
        }

        if (manifest.Kind == UploadKind.Deliverable && DeliverableUploads.WhyNotContent(manifest.Deliverable!, info) is { } notThatFile)
            return Discard(manifest, notThatFile);
        // An engineer's own file is measured as the engine measures the files it derives (the codec check's figures).
        (double? IntegratedLufs, double TruePeakDbtp) measured = default;
        if (manifest.Kind == UploadKind.Deliverable)
        {
            try
            {
                measured = await Task.Run(() => LossyDeliverable.Measure(partPath, audioTools, ct), ct);
            }
            catch (AudioFileException unreadable)
            {
                return Discard(manifest, unreadable.Message);
            }
        }

        var stored = await files.ImportAsync(partPath, manifest.Sha256, ct);
        // The stored copy is what every later uploader of the same bytes shares: it must be exactly what was checked.
        if (await UploadStore.HashAsync(files.OpenRead(stored.Key), ct) != manifest.Sha256)
        {
            logger.LogCritical("Stored file {Key} does not match its SHA-256 after upload {UploadId}", stored.Key, uploadId);
            return Discard(manifest, "The file could not be stored intact. Nothing was saved; please upload it again.");
        }
        var (asset, revisionId, outcome) = await AttachAsync(principal, manifest, new ArrivedFile(manifest.ProjectId, manifest.TrackId,
            manifest.Kind switch
            {
                UploadKind.Reference => FileAssetKind.Reference,
                UploadKind.Mix => FileAssetKind.Mix,
                UploadKind.AlternateMix => FileAssetKind.AlternateMix,
                _ => FileAssetKind.Master,
            },
            manifest.ReferenceId, manifest.FileName, stored, info), measured, alignment, ct);
        if (asset is null) return Discard(manifest, outcome.Message ?? "The file could not be attached.");

        manifest.State = UploadState.Completed;
        manifest.FileAssetId = asset.Id;
        manifest.UpdatedAt = clock.GetUtcNow();
        await store.SaveAsync(manifest, ct);
        // A master's and an own file's checks are their revision's job; a mix, an alternate's mix (with its check against
        // the main mix) or a reference gets its intake analysis; an alternate master its analysis and derived formats.
        if (manifest.Kind is UploadKind.Mix or UploadKind.Reference or UploadKind.AlternateMix or UploadKind.AlternateMaster)
            await QueueAnalysisAsync(asset.Id, ct);
        return new CompletedUpload(asset.Id, asset.Format, asset.DurationSeconds, revisionId);
    }

    public async Task<UploadError?> AbandonAsync(ClaimsPrincipal principal, Guid uploadId, CancellationToken ct)
    {
        var (_, _, error) = await OwnUploadAsync(principal, uploadId, checkStage: false, ct);
        if (error is not null) return error;
        using (await store.LockAsync(uploadId, ct)) store.Delete(uploadId);
        return null;
    }

    /// <summary>
    /// Through the command path, by kind: a mix or reference is attached to its track, an alternate's mix to its alternate
    /// version (made when it is the first), a master becomes a new revision,
    /// an engineer's own file replaces the one derived for its format, an alternate master goes beside its revision's main
    /// master. The revision is named for the last three.
    /// </summary>
    async Task<(FileAsset? Asset, Guid? RevisionId, ActionOutcome Outcome)> AttachAsync(ClaimsPrincipal principal, UploadManifest manifest,
        ArrivedFile file, (double? IntegratedLufs, double TruePeakDbtp) measured, AlternateAlignmentReport? alignment, CancellationToken ct)
    {
        switch (manifest.Kind)
        {
            case UploadKind.Master:
                var (master, revisionId, masterOutcome) = await commands.AttachMasterAsync(principal, file, jobs, ct);
                return (master, revisionId, masterOutcome);
            case UploadKind.AlternateMix:
                var (alternateMix, alternateOutcome) = await commands.AttachAlternateMixAsync(principal, file, manifest.Alternate!.Value, ct);
                return (alternateMix, null, alternateOutcome);
            case UploadKind.AlternateMaster:
                var (alternateMaster, alternateMasterOutcome) = await commands.AttachAlternateMasterAsync(principal, manifest.RevisionId!.Value,
                    manifest.Alternate!.Value, file, alignment!, ct);
                return (alternateMaster, manifest.RevisionId, alternateMasterOutcome);
            case UploadKind.Deliverable:
                var (own, ownOutcome) = await commands.AttachOwnDeliverableAsync(principal, manifest.RevisionId!.Value, manifest.Deliverable!, file, measured, ct);
                return (own, manifest.RevisionId, ownOutcome);
            default:
                var (attached, outcome) = await commands.AttachFileAsync(principal, file, ct);
                return (attached, null, outcome);
        }
    }

    async Task QueueAnalysisAsync(Guid fileAssetId, CancellationToken ct)
    {
        try
        {
            await jobs.QueueAnalysisAsync(fileAssetId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The file is stored and attached; a missing analysis can be queued again, so the upload still succeeds.
            logger.LogError(e, "Queueing the analysis of uploaded file {FileAssetId} failed", fileAssetId);
        }
    }

    async Task<(UploadManifest? Manifest, PortalViewer? Viewer, UploadError? Error)> OwnUploadAsync(ClaimsPrincipal principal, Guid uploadId,
        bool checkStage, CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        var manifest = viewer is null ? null : await store.ReadAsync(uploadId, ct);
        // Someone else's upload is answered exactly like one that does not exist.
        if (manifest is null || manifest.UserId != viewer!.UserId) return (null, null, NoSuchUpload());
        if (!await db.CanEditAsync(viewer, manifest.ProjectId, ct)) return (null, null, NoSuchUpload());
        if (checkStage)
        {
            var status = await db.Projects.Where(p => p.Id == manifest.ProjectId).Select(p => p.Status).FirstAsync(ct);
            var mixRequested = await db.Tracks.AnyAsync(t => t.Id == manifest.TrackId && t.NewMixRequestedAt != null, ct);
            if (UploadStages.WhyNotNow(viewer, status, manifest.Kind, mixRequested) is { } notNow) return (null, null, notNow);
        }
        return (manifest, viewer, null);
    }

    UploadError Discard(UploadManifest manifest, string message)
    {
        store.Delete(manifest.Id);
        return new UploadError(UploadFailure.Rejected, message);
    }

    static bool TryParseKind(string? text, out UploadKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    static UploadError NoSuchProject() => new(UploadFailure.NotFound, "This project was not found.");

    static UploadError NoSuchUpload() =>
        new(UploadFailure.NotFound, "This upload was not found: it may have been cancelled, or cleaned up after a day without progress. Please start it again.");

    static UploadError Error(UploadFailure failure, string message) => new(failure, message);

    /// <summary>Sizes as people read them: binary units, one decimal ("4.0 GB" for 4 GiB, as file managers show it).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0} KB",
        _ => $"{bytes} bytes",
    };
}
