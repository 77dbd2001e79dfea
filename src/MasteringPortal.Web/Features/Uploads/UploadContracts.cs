namespace MasteringPortal.Web.Features.Uploads;

/// <summary>POST /api/projects/{projectId}/uploads: what the browser knows about the file before sending it.</summary>
/// <param name="Kind">"mix", "reference", "master" (an engineer's own master: a new revision), "deliverable" (the
/// engineer's own file for one format of an uploaded master's revision, named by <paramref name="RevisionId"/> and
/// <paramref name="Deliverable"/>: "wav16", "mp3" or "aac"), "alternateMix" (the mix of one of the track's alternate
/// versions, named by <paramref name="Alternate"/>) or "alternateMaster" (the engineer's master of one of those versions,
/// beside their uploaded master's revision <paramref name="RevisionId"/>).</param>
/// <param name="Sha256">Hex SHA-256 of the whole file, computed in the browser.</param>
/// <param name="LastModified">The file's modification time (ms since 1970), as the browser reports it.</param>
/// <param name="ChunkSizeBytes">A chunk size the browser prefers; the server's default when absent.</param>
/// <param name="Alternate">For an alternate's mix or master: "instrumental", "acappella", "clean" or "tvmix".</param>
public sealed record BeginUploadRequest(
    string Kind,
    Guid TrackId,
    Guid? ReferenceId,
    string FileName,
    long SizeBytes,
    string Sha256,
    long? LastModified = null,
    int? ChunkSizeBytes = null,
    Guid? RevisionId = null,
    string? Deliverable = null,
    string? Alternate = null);

/// <summary>Where an upload stands; the answer to begin, to every chunk and to GET.</summary>
public sealed record UploadStatus(
    Guid UploadId,
    string State,
    string FileName,
    long SizeBytes,
    int ChunkSizeBytes,
    int ChunkCount,
    IReadOnlyList<int> ReceivedChunks,
    long ReceivedBytes,
    Guid? FileAssetId)
{
    public static UploadStatus Of(UploadManifest m) => new(
        m.Id, m.State == UploadState.Completed ? "completed" : "receiving", m.FileName, m.SizeBytes, m.ChunkSizeBytes,
        m.ChunkCount, m.ConfirmedChunks(), m.ConfirmedBytes(), m.FileAssetId);
}

/// <summary>POST /api/uploads/{id}/complete: the file is verified, stored and attached.</summary>
/// <param name="RevisionId">For a master: the revision it became (analysed by a job until Ready or Failed); for an own file
/// or an alternate master, the revision it went beside.</param>
public sealed record CompletedUpload(Guid FileAssetId, string Format, double? DurationSeconds, Guid? RevisionId = null);

/// <summary>Why a request was refused; <see cref="Message"/> is written for the person uploading.</summary>
public enum UploadFailure
{
    /// <summary>No such project, track or upload for this user (existence is never revealed): 404.</summary>
    NotFound,
    /// <summary>The user may see the project but may not upload now (a client after submission): 403.</summary>
    NotAllowedNow,
    /// <summary>The request itself is wrong (bad checksum text, chunk size out of bounds, wrong type): 400.</summary>
    Invalid,
    /// <summary>The file is bigger than the limit: 413.</summary>
    TooLarge,
    /// <summary>Too many unfinished uploads, or a daily or per-project quota reached: 429.</summary>
    TooMany,
    /// <summary>The upload is not in a state for this (missing chunks, chunk already arriving): 409.</summary>
    Conflict,
    /// <summary>The bytes are not what was declared, or not audio we take: 422.</summary>
    Rejected,
}

/// <param name="Retry">True when sending the same piece again can succeed (damaged or cut off on the way).</param>
public sealed record UploadError(UploadFailure Failure, string Message, bool Retry = false);

/// <summary>Either a value or an <see cref="UploadError"/>.</summary>
public readonly record struct UploadResult<T>(T? Value, UploadError? Error)
{
    public bool Succeeded => Error is null;
    public static implicit operator UploadResult<T>(T value) => new(value, null);
    public static implicit operator UploadResult<T>(UploadError error) => new(default, error);
}
