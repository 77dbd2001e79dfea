using System.Text.Json;

namespace MasteringPortal.Core.Domain;

/// <summary>One reference file a match used: which file (and its bytes, by hash), under which name, with what weight.</summary>
public sealed record RevisionMatchReference(Guid FileId, string Sha256, string Name, double Weight);

/// <summary>
/// What a reference match that shaped a revision's chain was made from (<see cref="Revision.MatchJson"/>): the references
/// and the amounts the engineer set. The match's result is already in the revision's settings; this says where it came from,
/// and keeps the match's report (<see cref="ReportJson"/>) with the revision.
/// </summary>
/// <param name="ReportJson">The match's report (MatchReport JSON) as the match job saved it; null for matches made before it was kept.</param>
/// <param name="RunId">The <see cref="MatchRun"/> the match was made by, when it ran as a job.</param>
/// <param name="MayAddClipper">Whether the match could turn the clipper on for a loud reference (matches made before the choice existed could).</param>
public sealed record RevisionMatch(IReadOnlyList<RevisionMatchReference> References, string Aspects,
    double ToneAmountPercent, double LoudnessAmountPercent, double WidthAmountPercent, double DynamicsAmountPercent,
    double MaxBoostDb, double MaxCutDb, string? ReportJson = null, Guid? RunId = null, bool MayAddClipper = true)
{
    /// <summary>The report, or null when none was kept or this version cannot read it.</summary>
    public MasteringPortal.Audio.Matching.MatchReport? Report()
    {
        if (string.IsNullOrWhiteSpace(ReportJson)) return null;
        try
        {
            return MasteringPortal.Audio.Matching.MatchReport.FromJson(ReportJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The record, or null for no match or a document this version cannot read.</summary>
    public static RevisionMatch? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<RevisionMatch>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"Matched to “Reference A” (weight 1), “B” (weight 0.5)": for the workspace and the review page.</summary>
    public string Describe() =>
        "Matched to " + string.Join(", ", References.Select(r =>
            References.Count > 1 ? $"“{r.Name}” (weight {r.Weight.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)})" : $"“{r.Name}”"));
}
