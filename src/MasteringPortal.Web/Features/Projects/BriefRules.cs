using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>What a brief must satisfy before it is saved, in words for the client.</summary>
public static class BriefRules
{
    /// <summary>
    /// A custom target outside this range is almost certainly a typo: streaming platforms normalise to
    /// -14 to -16 LUFS, loud masters sit near -6, and nothing released is quieter than about -30.
    /// </summary>
    public const double MinCustomLufs = -30, MaxCustomLufs = -5;

    public static string? Check(Brief brief)
    {
        var track = brief.Track?.Title is { Length: > 0 } t ? $"\"{t}\": " : "";
        if (brief.TargetPlatforms.HasFlag(TargetPlatforms.Custom))
        {
            if (brief.CustomTargetLufs is not { } lufs)
                return $"{track}enter the loudness you want for the custom target, e.g. -12 LUFS.";
            if (lufs is < MinCustomLufs or > MaxCustomLufs)
                return $"{track}a custom target of {lufs:0.#} LUFS is outside {MinCustomLufs} to {MaxCustomLufs} LUFS; please check the number.";
        }
        foreach (var reference in brief.References)
        {
            if (string.IsNullOrWhiteSpace(reference.Title))
                return $"{track}name each reference track (artist – title).";
        }
        foreach (var note in brief.ProblemNotes)
        {
            if (note.StartSeconds < 0) return $"{track}a problem note starts before the beginning of the track.";
            if (note.EndSeconds is { } end && end <= note.StartSeconds)
                return $"{track}a problem note ends ({TimeCode.Format(end)}) before it starts ({TimeCode.Format(note.StartSeconds)}).";
            if (string.IsNullOrWhiteSpace(note.Text))
                return $"{track}describe what you hear at {TimeCode.Format(note.StartSeconds)}.";
        }
        return null;
    }

    /// <summary>A brief is filled in when the client said where the master goes and what files they want.</summary>
    public static bool IsFilledIn(Brief? brief) =>
        brief is not null && brief.TargetPlatforms != TargetPlatforms.None && brief.DeliveryFormats != DeliveryFormats.None;
}
