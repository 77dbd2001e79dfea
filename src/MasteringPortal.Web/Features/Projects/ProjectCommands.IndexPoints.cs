using System.Globalization;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// A track's CD index points (02, 03, …: the places inside a track a CD player can jump to, for a live set or a suite),
/// edited on the album view and frozen with each assembly (docs/ALBUM.md, "Index points").
/// </summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Sets a track's index points, in seconds from its start after the trim: who may sequence the album may set them
    /// (<see cref="ProjectCapability.SequenceAlbum"/>); refused in words when they are not inside the track, in order and
    /// 1 s apart (<see cref="AlbumIndexPoints.Problem"/>). Like any change to the sequence, it withdraws the client's
    /// approval of the running order.
    /// </summary>
    public async Task<ActionOutcome> SetTrackIndexPointsAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, IReadOnlyList<double> seconds,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, project, actor)) return ActionOutcome.Refused(SequenceRefusal);
        if (project.ArchivedAt is not null) return ActionOutcome.Refused(ArchivedNotice);
        if (project.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;

        // The track as the album would play it: the master the album would use, less the trims.
        var choice = (await AlbumMasters.ChooseAsync(db, project, ct)).First(c => c.Track.Id == trackId);
        double? playable = choice.Master?.DurationSeconds is { } length ? length - track.TrimStartSeconds - track.TrimEndSeconds : null;
        var points = seconds.Select(s => double.IsFinite(s) ? Math.Round(s, 3) : s).ToList();
        if (AlbumIndexPoints.Problem(points, playable) is { } problem) return ActionOutcome.Refused(problem);
        if (track.IndexPointsSeconds.SequenceEqual(points)) return ActionOutcome.Done;
        track.IndexPointsSeconds = points;
        project.SequenceApprovedAt = null;
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }
}

/// <summary>
/// The rules for a track's index points, as the album view and the command check them. Red Book allows index 01 to 99
/// per track (IEC 60908); index 01 is the track's start, so a track holds at most 98 more. The 1 s spacing is ours: a
/// point closer than that to another (or to the start or the end) is almost surely a slip, and it keeps every point on
/// its own CD frame (1/75 s) when the CD layout rounds them.
/// </summary>
public static class AlbumIndexPoints
{
    public const int MaxPerTrack = 98;
    public const double MinSpacingSeconds = 1;

    /// <summary>
    /// What is wrong with <paramref name="seconds"/> (from the track's start after the trim) for a track that plays
    /// <paramref name="playableSeconds"/> (null while it has no master: only the order and spacing are checked); null when nothing.
    /// </summary>
    public static string? Problem(IReadOnlyList<double> seconds, double? playableSeconds)
    {
        if (seconds.Count > MaxPerTrack)
            return $"A track holds at most {MaxPerTrack} index points after its start (index 02 to 99); this one would have {seconds.Count}.";
        for (var i = 0; i < seconds.Count; i++)
        {
            var s = seconds[i];
            var name = $"Index {i + 2:00}";
            if (!double.IsFinite(s) || s < 0)
                return $"{name} is not a time in the track: write it as m:ss or m:ss.ff, like 1:12.50.";
            if (i == 0 && s < MinSpacingSeconds)
                return $"{name} at {Format(s)} is too close to the start of the track (index 01): put it at least 1 s in.";
            if (i > 0)
            {
                var before = seconds[i - 1];
                if (s == before) return $"There are two index points at {Format(s)}: remove one.";
                if (s < before)
                    return $"{name} at {Format(s)} comes before index {i + 1:00} at {Format(before)}: index points run in order through the track.";
                if (s - before < MinSpacingSeconds)
                    return $"{name} at {Format(s)} is only {Format(s - before, seconds: true)} after index {i + 1:00} at {Format(before)}: keep index points at least 1 s apart.";
            }
            if (playableSeconds is { } playable && s > playable - MinSpacingSeconds)
                return $"{name} at {Format(s)} is not inside the track: it plays for {Format(Math.Max(0, playable))} after the trims, and an index point needs at least 1 s before its end.";
        }
        return null;
    }

    /// <summary>"1:12.50" (hundredths when there are any, "1:12" otherwise), "1:02:03"; or "0.50 s" with <paramref name="seconds"/>.</summary>
    public static string Format(double value, bool seconds = false)
    {
        if (seconds) return value.ToString("0.##", CultureInfo.InvariantCulture) + " s";
        var hundredths = (long)Math.Round(Math.Max(0, value) * 100, MidpointRounding.AwayFromZero);
        var whole = hundredths / 100;
        var fraction = hundredths % 100;
        var (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
        var text = h > 0 ? $"{h}:{m:00}:{s:00}" : $"{m}:{s:00}";
        return fraction == 0 ? text : $"{text}.{fraction:00}";
    }
}
