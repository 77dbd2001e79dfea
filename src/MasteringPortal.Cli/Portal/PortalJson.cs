using System.Text.Json;
using System.Text.Json.Serialization;

namespace MasteringPortal.Cli.Portal;

// The portal's /api/v1 documents and the upload protocol's (docs/API.md, docs/UPLOADS.md) as the CLI reads them, with
// a compile-time contract so the ahead-of-time-compiled CLI can read them too. Only the fields the CLI uses.

public sealed record PortalProject(Guid Id, string Title, string Kind, string Status, string StatusText, string Client, int TrackCount);

public sealed record PortalTrack(Guid Id, string Title, int Position, PortalMix? CurrentMix, IReadOnlyList<PortalRevisionSummary> Revisions);

public sealed record PortalMix(Guid FileId, string Name);

public sealed record PortalRevisionSummary(Guid Id, int Number, string Status, DateTimeOffset? PostedAt);

public sealed record PortalRevision(Guid Id, Guid TrackId, int Number, string Status, int ProgressPercent, string? FailureReason,
    DateTimeOffset? PostedAt, PortalMaster? Master, IReadOnlyList<PortalCheck> Checks);

public sealed record PortalMaster(string Name, int? SampleRateHz, int? BitDepth, double? DurationSeconds, double? IntegratedLufs,
    double? TruePeakDbtp, double? LoudnessRangeLu);

public sealed record PortalCheck(string Severity, string Message);

public sealed record PortalProblem(string? Title, string? Detail, bool? Retry);

public sealed record PostRevisionBody(string? Note);

public sealed record BeginUploadBody(string Kind, Guid TrackId, Guid? ReferenceId, string FileName, long SizeBytes, string Sha256,
    long? LastModified, int? ChunkSizeBytes);

public sealed record UploadStatusBody(Guid UploadId, string State, int ChunkSizeBytes, int ChunkCount, IReadOnlyList<int> ReceivedChunks,
    long ReceivedBytes);

public sealed record CompletedUploadBody(Guid FileAssetId, string Format, double? DurationSeconds, Guid? RevisionId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<PortalProject>))]
[JsonSerializable(typeof(List<PortalTrack>))]
[JsonSerializable(typeof(PortalRevision))]
[JsonSerializable(typeof(PortalProblem))]
[JsonSerializable(typeof(PostRevisionBody))]
[JsonSerializable(typeof(BeginUploadBody))]
[JsonSerializable(typeof(UploadStatusBody))]
[JsonSerializable(typeof(CompletedUploadBody))]
public sealed partial class PortalJsonContext : JsonSerializerContext;
