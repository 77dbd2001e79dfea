using System.Text.Json;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// What a render achieved, stored as <c>Revision.RenderReportJson</c> for the pages: the master's
/// BS.1770-4 integrated loudness, EBU Tech 3342 loudness range and true peak, the loudness gain the solver
/// chose, how long it took, each delivered file's own measurement (the codec check of MP3/AAC is measured
/// on the decoded file), the warnings in words for the engineer, and what the loudness cost (distortion added,
/// crest factor lost: the engine's <see cref="RenderDistortion"/>, stored as it comes; null for uploaded masters).
/// </summary>
public sealed record RenderReport(
    double? IntegratedLufs,
    double? LoudnessRangeLu,
    double TruePeakDbtp,
    double LoudnessGainDb,
    double RenderSeconds,
    IReadOnlyList<RenderReportFile> Files,
    IReadOnlyList<string> Warnings,
    RenderDistortion? Distortion = null,
    IReadOnlyList<RenderReportPlatform>? Platforms = null,
    IReadOnlyList<RenderReportAlternate>? Alternates = null)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RenderReport? FromJson(string? json) => string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<RenderReport>(json, Json);

    /// <summary>The report of a finished render; <paramref name="assetIds"/> maps each written file to its FileAsset.</summary>
    public static RenderReport From(RenderResult result, IReadOnlyDictionary<Deliverables, Guid> assetIds) => new(
        result.IntegratedLufs, result.LoudnessRangeLu, result.TruePeakDbtp, result.LoudnessGainDb,
        Math.Round(result.RenderTime.TotalSeconds, 3),
        result.Files.Select(f => new RenderReportFile(
            RenderReportFile.NameOf(f.Kind), assetIds.TryGetValue(f.Kind, out var id) ? id : null, f.IntegratedLufs, f.TruePeakDbtp)).ToList(),
        result.Warnings,
        result.Distortion);
}

/// <summary>
/// One alternate version of the track (instrumental, a cappella, …) rendered beside the main master with the same settings
/// and the main master's loudness gain (<see cref="LoudnessGainDb"/> equals the report's own), never a solve of its own;
/// or, beside a master uploaded from the engineer's desk, the engineer's own alternate master (<see cref="Uploaded"/>),
/// checked against the main master when it arrived (<see cref="Alignment"/>) and given the brief's other formats by a job.
/// </summary>
/// <param name="Kind">"instrumental", "acappella", "clean" or "tvmix" (<see cref="Domain.AlternateKinds.Code"/>).</param>
/// <param name="MixFileId">The alternate's mix it was rendered from; null for an uploaded alternate master.</param>
/// <param name="Files">Its files, each with its FileAsset (a Master of the revision with its TrackAlternateId set).</param>
/// <param name="Failure">Why it was not rendered (the main master is unaffected); null when it was.</param>
/// <param name="Uploaded">The engineer's own alternate master, uploaded beside their main master (its gain is theirs).</param>
/// <param name="Pending">An uploaded one whose loudness, true peak and derived formats are still being made.</param>
/// <param name="Alignment">An uploaded one's check against the main master; null for a rendered one (its mix was checked).</param>
public sealed record RenderReportAlternate(
    string Kind,
    Guid TrackAlternateId,
    Guid? MixFileId,
    double? IntegratedLufs,
    double TruePeakDbtp,
    double LoudnessGainDb,
    IReadOnlyList<RenderReportFile> Files,
    IReadOnlyList<string> Warnings,
    string? Failure = null,
    bool Uploaded = false,
    bool Pending = false,
    RenderReportAlignment? Alignment = null)
{
    /// <summary>The report's line for a finished alternate render; <paramref name="assetIds"/> maps each written file to its FileAsset.</summary>
    public static RenderReportAlternate From(Domain.TrackAlternate alternate, Guid mixFileId, RenderResult result,
        IReadOnlyDictionary<Deliverables, Guid> assetIds) => new(
        Domain.AlternateKinds.Code(alternate.Kind), alternate.Id, mixFileId, result.IntegratedLufs, result.TruePeakDbtp, result.LoudnessGainDb,
        result.Files.Select(f => new RenderReportFile(
            RenderReportFile.NameOf(f.Kind), assetIds.TryGetValue(f.Kind, out var id) ? id : null, f.IntegratedLufs, f.TruePeakDbtp)).ToList(),
        result.Warnings);
}

/// <summary>
/// How an uploaded alternate master lines up with the main master (<see cref="AlternateAlignment"/>), as the pages show it:
/// the verdicts in words and the level of main master − alternate. Levels that are −∞ (silence) are kept as null, so the
/// report stays plain JSON.
/// </summary>
public sealed record RenderReportAlignment(IReadOnlyList<string> Verdicts, double? DifferenceLufs, double? DifferencePeakDbfs, double? MainLufs)
{
    public static RenderReportAlignment From(AlternateAlignmentReport report) => new(report.Verdicts, Finite(report.DifferenceLufs),
        Finite(report.DifferencePeakDbfs), Finite(report.MainLufs));

    static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>
/// One platform's codec check of the master and the copy the client hears "as played" on it (<see cref="PlatformCopies"/>).
/// </summary>
/// <param name="FileAssetId">The <see cref="Domain.FileAssetKind.PlatformCopy"/> file.</param>
public sealed record RenderReportPlatform(MasteringPortal.Audio.Platforms.PlatformCheck Check, Guid? FileAssetId, string MimeType);

/// <param name="Kind">"wav24", "wav16", "mp3", "aac" or "flac".</param>
/// <param name="EngineersOwn">The engineer uploaded this file (their own dither or encode) instead of the engine deriving it.</param>
public sealed record RenderReportFile(string Kind, Guid? FileAssetId, double? IntegratedLufs, double TruePeakDbtp, bool EngineersOwn = false)
{
    public static string NameOf(Deliverables kind) => kind switch
    {
        Deliverables.Wav24 => "wav24",
        Deliverables.Wav16 => "wav16",
        Deliverables.Mp3 => "mp3",
        Deliverables.Aac => "aac",
        Deliverables.Flac => "flac",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
