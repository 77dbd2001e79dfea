using System.Text.Json;
using System.Text.Json.Serialization;
using MasteringPortal.Audio.Render;

namespace MasteringPortal.Core.Domain;

/// <summary>
/// The alternate versions a release may need beside a track's main master (issue 20 §4, docs/ALBUM.md): the
/// <see cref="Instrumental"/>, the <see cref="ACappella"/> (the vocal alone), the <see cref="Clean"/> version (radio edit)
/// and the <see cref="TvMix"/> (the instrumental with the backing vocals).
/// </summary>
public enum AlternateKind { Instrumental, ACappella, Clean, TvMix }

/// <summary>How each alternate is named: in titles and file names, in sentences, and in the upload protocol.</summary>
public static class AlternateKinds
{
    /// <summary>As it goes into a title or a file name: "Paper Lanterns (Instrumental)".</summary>
    public static string Title(AlternateKind kind) => kind switch
    {
        AlternateKind.Instrumental => "Instrumental",
        AlternateKind.ACappella => "A cappella",
        AlternateKind.Clean => "Clean",
        AlternateKind.TvMix => "TV mix",
        _ => kind.ToString(),
    };

    /// <summary>Inside a sentence, lower case: "the instrumental starts 12 ms later…".</summary>
    public static string Words(AlternateKind kind) => kind switch
    {
        AlternateKind.Instrumental => "instrumental",
        AlternateKind.ACappella => "a cappella",
        AlternateKind.Clean => "clean version",
        AlternateKind.TvMix => "TV mix",
        _ => "alternate",
    };

    /// <summary>The name in the upload protocol: "instrumental", "acappella", "clean", "tvmix".</summary>
    public static string Code(AlternateKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Reads <see cref="Code"/> (case, spaces, hyphens and underscores ignored: "a-cappella", "TV mix" too).</summary>
    public static bool TryParse(string? text, out AlternateKind kind)
    {
        var plain = string.Concat((text ?? "").Where(char.IsLetter)).ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<AlternateKind>())
        {
            if (Code(candidate) != plain) continue;
            kind = candidate;
            return true;
        }
        kind = default;
        return false;
    }
}

/// <summary>
/// One alternate version of a track (at most one of each <see cref="AlternateKind"/> per track). The client (or the studio)
/// uploads its mix beside the main mix; the intake analysis checks that it lines up with the track's main mix
/// (<see cref="AlignmentJson"/>); every whole-track render masters it with the main master's chain and loudness gain, its
/// files being Master FileAssets of the same revision with <see cref="FileAsset.TrackAlternateId"/> set; the delivery
/// names and tags them with the track and this alternate's own ISRC.
/// </summary>
public class TrackAlternate
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TrackId { get; set; }
    public Track? Track { get; set; }
    public AlternateKind Kind { get; set; }

    /// <summary>The alternate's own ISRC (every version of a recording has its own), normalised to its 12 characters; null until assigned.</summary>
    public string? Isrc { get; set; }

    /// <summary>
    /// The alternate's current mix (a FileAsset of kind AlternateMix); earlier ones stay in the project's files as history,
    /// like a track's mixes. A plain id without a database foreign key, like <see cref="Track.CurrentMixId"/>.
    /// </summary>
    public Guid? MixFileId { get; set; }

    /// <summary>How the current mix lines up with the track's main mix (<see cref="AlternateAlignmentRecord"/> as JSON); null until checked.</summary>
    public string? AlignmentJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// What the intake analysis of an alternate's mix found against the main mix: the engine's report (figures and verdicts)
/// when both could be compared, else only the verdict (no main mix yet; another rate or channel count).
/// </summary>
/// <param name="AlternateMixId">The alternate's mix that was checked.</param>
/// <param name="MainMixId">The main mix it was checked against; null when the track had none.</param>
/// <param name="Report">The engine's measurement; null when the two could not be compared.</param>
/// <param name="Verdicts">Plain sentences for the engineer and the client (the report's, or why there is none).</param>
public sealed record AlternateAlignmentRecord(Guid AlternateMixId, Guid? MainMixId, AlternateAlignmentReport? Report, IReadOnlyList<string> Verdicts)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A silent difference has an RMS of −∞ dBFS.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Lines up with the main mix: the same length and start, to the sample.</summary>
    [JsonIgnore] public bool LinesUp => Report?.LinesUp == true;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AlternateAlignmentRecord? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<AlternateAlignmentRecord>(json, Json);
}
