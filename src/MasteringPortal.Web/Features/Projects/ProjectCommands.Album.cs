using System.Globalization;
using System.Security.Claims;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>How one track sits on the album, as the album view edits it (<see cref="Track"/>'s sequence fields).</summary>
public sealed record TrackPlacement(double PauseBeforeSeconds, double CrossfadeSeconds, FadeCurve CrossfadeCurve, double FadeInSeconds,
    double FadeOutSeconds, FadeCurve FadeOutCurve, double TrimStartSeconds, double TrimEndSeconds, double? AlbumLevelLu)
{
    public static TrackPlacement Of(Track t) => new(t.PauseBeforeSeconds, t.CrossfadeSeconds, t.CrossfadeCurve, t.FadeInSeconds,
        t.FadeOutSeconds, t.FadeOutCurve, t.TrimStartSeconds, t.TrimEndSeconds, t.AlbumLevelLu);
}

/// <summary>The release's own metadata (album artist, UPC/EAN, label, year).</summary>
public sealed record ReleaseInfo(string AlbumArtist, string? UpcEan, string Label, int? ReleaseYear);

/// <summary>A track's credits and ISRC.</summary>
public sealed record TrackCredits(string? Isrc, string Artists, string Composer);

/// <summary>What asking for an album assembly came to: refused in words, or queued as <see cref="AssemblyId"/>.</summary>
public sealed record AlbumQueued(ActionOutcome Outcome, Guid? AssemblyId);

/// <summary>
/// Album and EP mastering (issue 20, docs/ALBUM.md): the engineer's running order, placement and balance of the tracks and
/// the assembly they ask for; the release metadata the client or the engineer enters. Each change to the sequence withdraws
/// the client's approval of it (it is no longer what she approved).
/// </summary>
public sealed partial class ProjectCommands
{
    public const double MaxPauseSeconds = 60;
    public const double MaxFadeSeconds = 120;
    public const double MaxTrimSeconds = 600;

    /// <summary>Puts the tracks in the order given (every track of the project, once).</summary>
    public Task<ActionOutcome> ReorderAlbumAsync(ClaimsPrincipal user, Guid projectId, IReadOnlyList<Guid> order, CancellationToken ct = default) =>
        ChangeProjectTracksAsync(user, projectId, ProjectCapability.SequenceAlbum, SequenceRefusal, (project, actor) =>
        {
            var tracks = project.Tracks.ToDictionary(t => t.Id);
            if (order.Count != tracks.Count || order.Distinct().Count() != order.Count || order.Any(id => !tracks.ContainsKey(id)))
                return ActionOutcome.Refused("The running order must name every track of the project once. Reload the page and try again.");
            if (order.Select((id, i) => tracks[id].Position == i + 1).All(same => same)) return null;
            for (var i = 0; i < order.Count; i++) tracks[order[i]].Position = i + 1;
            project.SequenceApprovedAt = null;
            workflow.Note(project, actor, "Running order changed: " + string.Join(", ", order.Select((id, i) => $"{i + 1}. {tracks[id].Title}")) + ".");
            return null;
        }, ct);

    /// <summary>
    /// Sets the pause, crossfade, fades, trims and album level of one track. Trims that leave one of the track's index
    /// points outside what plays are refused in words (the points count from the start after the trim).
    /// </summary>
    public Task<ActionOutcome> SetTrackPlacementAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, TrackPlacement placement,
        CancellationToken ct = default) =>
        ChangeProjectTracksAsync(user, projectId, ProjectCapability.SequenceAlbum, SequenceRefusal, async (db, project, _) =>
        {
            if (project.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
            if (PlacementProblem(placement) is { } problem) return ActionOutcome.Refused(problem);
            if (TrackPlacement.Of(track) == placement) return null;
            if (track.IndexPointsSeconds.Count > 0
                && (await AlbumMasters.ChooseAsync(db, project, ct)).First(c => c.Track.Id == trackId).Master?.DurationSeconds is { } length
                && AlbumIndexPoints.Problem(track.IndexPointsSeconds, length - placement.TrimStartSeconds - placement.TrimEndSeconds) is { } outside)
                return ActionOutcome.Refused($"With these trims the track's index points no longer fit: {outside} Move or remove the index points first.");
            (track.PauseBeforeSeconds, track.CrossfadeSeconds, track.CrossfadeCurve, track.FadeInSeconds, track.FadeOutSeconds, track.FadeOutCurve,
                track.TrimStartSeconds, track.TrimEndSeconds, track.AlbumLevelLu) =
                (placement.PauseBeforeSeconds, placement.CrossfadeSeconds, placement.CrossfadeCurve, placement.FadeInSeconds, placement.FadeOutSeconds,
                    placement.FadeOutCurve, placement.TrimStartSeconds, placement.TrimEndSeconds, placement.AlbumLevelLu);
            project.SequenceApprovedAt = null;
            return null;
        }, ct);

    /// <summary>Chooses the track the others are balanced against.</summary>
    public Task<ActionOutcome> SetAnchorTrackAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, CancellationToken ct = default) =>
        ChangeProjectTracksAsync(user, projectId, ProjectCapability.SequenceAlbum, SequenceRefusal, (project, _) =>
        {
            if (project.Tracks.All(t => t.Id != trackId)) return ActionOutcome.NotYours;
            if (project.AnchorTrackId == trackId) return null;
            project.AnchorTrackId = trackId;
            project.SequenceApprovedAt = null;
            return null;
        }, ct);

    /// <summary>The release's artist, UPC/EAN (check digit verified), label and year; the client or the engineer.</summary>
    public Task<ActionOutcome> SetReleaseInfoAsync(ClaimsPrincipal user, Guid projectId, ReleaseInfo info, CancellationToken ct = default) =>
        ChangeProjectTracksAsync(user, projectId, ProjectCapability.EditReleaseInfo, ReleaseInfoRefusal, (project, _) =>
        {
            string? upc = null;
            if (!string.IsNullOrWhiteSpace(info.UpcEan) && !ReleaseCodes.TryNormaliseUpcEan(info.UpcEan, out upc, out var problem))
                return ActionOutcome.Refused(problem!);
            if ((TextProblem(info.AlbumArtist, "The album artist") ?? TextProblem(info.Label, "The label")) is { } tooLong) return ActionOutcome.Refused(tooLong);
            if (info.ReleaseYear is { } year && (year < 1900 || year > clock.GetUtcNow().Year + 5))
                return ActionOutcome.Refused($"The release year {year} does not look right: give the year the release comes out.");
            (project.AlbumArtist, project.UpcEan, project.Label, project.ReleaseYear) = (info.AlbumArtist.Trim(), upc, info.Label.Trim(), info.ReleaseYear);
            return null;
        }, ct);

    /// <summary>A track's ISRC (valid and unique within the project), artists and composers; the client or the engineer.</summary>
    public Task<ActionOutcome> SetTrackCreditsAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, TrackCredits credits, CancellationToken ct = default) =>
        ChangeProjectTracksAsync(user, projectId, ProjectCapability.EditReleaseInfo, ReleaseInfoRefusal, (project, _) =>
        {
            if (project.Tracks.FirstOrDefault(t => t.Id == trackId) is not { } track) return ActionOutcome.NotYours;
            string? isrc = null;
            if (!string.IsNullOrWhiteSpace(credits.Isrc) && !ReleaseCodes.TryNormaliseIsrc(credits.Isrc, out isrc, out var problem))
                return ActionOutcome.Refused(problem!);
            if (isrc is not null && project.Tracks.FirstOrDefault(t => t.Id != trackId && t.Isrc == isrc) is { } other)
                return ActionOutcome.Refused($"The ISRC {isrc} is already track {other.Position}'s (\"{other.Title}\"); each recording has its own.");
            if (isrc is not null && IsrcOfAnAlternate(project, isrc) is { } ofAlternate) return ActionOutcome.Refused(ofAlternate);
            // The project's token guards the check: an alternate's ISRC saved at the same moment conflicts with this save.
            if (isrc != track.Isrc) project.Version = Guid.NewGuid();
            if ((TextProblem(credits.Artists, "The artists") ?? TextProblem(credits.Composer, "The composers")) is { } tooLong) return ActionOutcome.Refused(tooLong);
            (track.Isrc, track.Artists, track.Composer) = (isrc, credits.Artists.Trim(), credits.Composer.Trim());
            return null;
        }, ct);

    /// <summary>
    /// Freezes the sequence as it stands (each track's master: the approved revision's, else its latest ready one) and
    /// queues its assembly. Refused in words when a track has no master yet or the layout cannot be honoured.
    /// </summary>
    public Task<AlbumQueued> AssembleAlbumAsync(ClaimsPrincipal user, Guid projectId, bool forCd, IPortalJobs jobs, CancellationToken ct = default) =>
        AssembleAlbumAsync(user, projectId, forCd, vinyl: null, jobs, ct);

    /// <summary>The same, with the album's vinyl sides made too when <paramref name="vinyl"/> asks for them (docs/ALBUM.md, "Vinyl").</summary>
    public async Task<AlbumQueued> AssembleAlbumAsync(ClaimsPrincipal user, Guid projectId, bool forCd, AlbumVinylRequest? vinyl, IPortalJobs jobs,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return new(ActionOutcome.NotYours, null);
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, project, actor)) return Refused(SequenceRefusal);
        if (project.ArchivedAt is not null) return Refused(ArchivedNotice);
        if (project.Tracks.Count < 2) return Refused("An album needs two tracks or more.");
        if (vinyl?.Problem(project.Tracks.Count) is { } vinylProblem) return Refused(vinylProblem);

        var masters = await AlbumMasters.ChooseAsync(db, project, ct);
        if (masters.FirstOrDefault(m => m.Master is null) is { } missing)
            return Refused($"Track {missing.Track.Position} (\"{missing.Track.Title}\") has no finished master yet. Render it first.");
        var (tracks, notes) = AlbumMasters.Sequence(project, masters);
        try
        {
            AlbumTimeline.Build(48_000, tracks.Select((t, i) => t.Plan() with { LengthFrames = (long)Math.Round((masters[i].Master!.DurationSeconds ?? 0) * 48_000) }).ToList());
        }
        catch (AlbumTimelineException e)
        {
            return Refused(e.Message);
        }
        var sequence = new AlbumSequence(tracks, forCd, project.Title, project.AlbumArtist, project.UpcEan, notes, vinyl);
        var number = (await db.AlbumAssemblies.Where(a => a.ProjectId == project.Id).MaxAsync(a => (int?)a.Number, ct) ?? 0) + 1;
        var assembly = new AlbumAssembly
        {
            ProjectId = project.Id, Number = number, SequenceJson = sequence.ToJson(), RequestedById = viewer.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.AlbumAssemblies.Add(assembly);
        workflow.Note(project, actor, $"Album assembly {number} asked for{(forCd ? ", laid out for CD" : "")}{(vinyl is null ? "" : $", with vinyl sides ({VinylFormatLimits.Of(vinyl.Format).Name})")}: "
            + string.Join(", ", tracks.Select((t, i) => $"{i + 1}. {t.Title} (revision {t.RevisionNumber})")) + ".", audience: EventAudience.Studio);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Refused("Another assembly of this album was asked for at the same moment. Look at the page again, then assemble.");
        }
        try
        {
            await jobs.QueueAlbumAsync(assembly.Id, ct);
        }
        catch (JobRefusedException refused)
        {
            return Refused(refused.Message);
        }
        await PublishAsync([Change(project.Id, ProjectChangeKind.Project, null)]);
        return new(ActionOutcome.Done, assembly.Id);

        static AlbumQueued Refused(string message) => new(ActionOutcome.Refused(message), null);
    }

    const string SequenceRefusal = "Only the engineer sequences the album, from the first masters until delivery.";
    const string ReleaseInfoRefusal = "The release's details can no longer be changed: the project has been delivered.";

    static string? PlacementProblem(TrackPlacement p)
    {
        static bool Bad(double v, double max) => !double.IsFinite(v) || v < 0 || v > max;
        if (Bad(p.PauseBeforeSeconds, MaxPauseSeconds)) return $"The pause must be between 0 and {MaxPauseSeconds:0} seconds.";
        if (Bad(p.CrossfadeSeconds, MaxFadeSeconds)) return $"The crossfade must be between 0 and {MaxFadeSeconds:0} seconds.";
        if (Bad(p.FadeInSeconds, MaxFadeSeconds) || Bad(p.FadeOutSeconds, MaxFadeSeconds)) return $"Fades must be between 0 and {MaxFadeSeconds:0} seconds.";
        if (Bad(p.TrimStartSeconds, MaxTrimSeconds) || Bad(p.TrimEndSeconds, MaxTrimSeconds)) return $"Trims must be between 0 and {MaxTrimSeconds:0} seconds.";
        if (p.AlbumLevelLu is { } lu && (!double.IsFinite(lu) || lu < -20 || lu > 20)) return "The album level must be between −20 and +20 LU from the anchor track.";
        if (!Enum.IsDefined(p.CrossfadeCurve) || !Enum.IsDefined(p.FadeOutCurve)) return "Choose a fade curve from the list.";
        return null;
    }

    static string? TextProblem(string? text, string what) =>
        (text ?? "").Trim().Length > MaxTrackTitleLength ? $"{what} can be at most {MaxTrackTitleLength} characters." : null;

    /// <summary>
    /// One change to a project and its tracks (the track list, the album's sequence, the release's details): the project
    /// visible to the user, the capability, not archived, then the change (which may refuse) and one save.
    /// </summary>
    Task<ActionOutcome> ChangeProjectTracksAsync(ClaimsPrincipal user, Guid projectId, ProjectCapability capability, string refusal,
        Func<Project, WorkflowActor, ActionOutcome?> change, CancellationToken ct) =>
        ChangeProjectTracksAsync(user, projectId, capability, refusal, (_, project, actor) => Task.FromResult(change(project, actor)), ct);

    /// <summary>The same for a change that reads more of the project (the tracks' revisions are loaded too).</summary>
    async Task<ActionOutcome> ChangeProjectTracksAsync(ClaimsPrincipal user, Guid projectId, ProjectCapability capability, string refusal,
        Func<PortalDbContext, Project, WorkflowActor, Task<ActionOutcome?>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        // The alternates come too: a track's ISRC is checked against theirs.
        var project = await db.VisibleProjects(viewer).Where(p => p.Id == projectId).Include(p => p.Tracks).ThenInclude(t => t.Alternates)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions).AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (!ProjectCapabilities.Allows(capability, project, actor)) return ActionOutcome.Refused(refusal);
        if (project.ArchivedAt is not null) return ActionOutcome.Refused(ArchivedNotice);
        if (await change(db, project, actor) is { } refused) return refused;
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }
}

/// <summary>Which master of each track an album is assembled from, and the sequence made of them.</summary>
public static class AlbumMasters
{
    /// <summary>A track, the revision chosen for the album (approved, else the latest ready whole-track one), its 24-bit master and loudness.</summary>
    public sealed record Choice(Track Track, Revision? Revision, FileAsset? Master, double? IntegratedLufs);

    /// <summary>Each track's choice, in running order (tracks and their revisions loaded).</summary>
    public static async Task<IReadOnlyList<Choice>> ChooseAsync(PortalDbContext db, Project project, CancellationToken ct)
    {
        var revisions = project.Tracks.Select(t => t.Revisions
                .Where(r => r.Status == RevisionStatus.Ready && !r.IsSample)
                .OrderByDescending(r => r.Id == t.ApprovedRevisionId).ThenByDescending(r => r.Number).FirstOrDefault())
            .ToList();
        var ids = revisions.OfType<Revision>().Select(r => r.Id).ToList();
        var masters = await db.FileAssets.AsNoTracking()
            .Where(f => f.RevisionId != null && ids.Contains(f.RevisionId.Value) && f.Kind == FileAssetKind.Master && f.RemovedAt == null)
            .ToListAsync(ct);
        // A master's loudness: its render's report, else its analysis (an uploaded master's, or one the report predates).
        var masterIds = masters.Select(m => m.Id).ToList();
        var analysed = (await db.Analyses.AsNoTracking().Where(a => masterIds.Contains(a.FileAssetId) && a.IntegratedLufs != null)
                .Select(a => new { a.FileAssetId, a.CreatedAt, a.IntegratedLufs }).ToListAsync(ct))
            .GroupBy(a => a.FileAssetId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.CreatedAt)!.IntegratedLufs);
        return project.Tracks.Select((t, i) => (t, r: revisions[i]))
            .OrderBy(x => x.t.Position).ThenBy(x => x.t.Title)
            .Select(x =>
            {
                // The master the delivery leads with (never an alternate version's): 24 bits or more, the engine's or the engineer's own first.
                var master = x.r is null ? null : masters.Where(f => f.RevisionId == x.r.Id && f.TrackAlternateId == null && (f.BitDepth ?? 0) >= 24 && f.Format is "wav" or "rf64" or "bw64" or "aiff" or "aifc")
                    .OrderByDescending(f => f.UploadedById != null).ThenBy(f => f.CreatedAt).FirstOrDefault();
                return new Choice(x.t, x.r, master, RenderReport.FromJson(x.r?.RenderReportJson)?.IntegratedLufs
                    ?? (master is not null ? analysed.GetValueOrDefault(master.Id) : null));
            }).ToList();
    }

    /// <summary>
    /// The sequence's tracks from the choices, with album balance turned into gain: each track is set to its level relative
    /// to the anchor by a cut at assembly; a track that would need more level than its master has gets none, and a note
    /// says by how much to render it louder (a limited master has no headroom to give).
    /// </summary>
    public static (List<AlbumSequenceTrack> Tracks, List<string> Notes) Sequence(Project project, IReadOnlyList<Choice> choices)
    {
        var notes = new List<string>();
        var anchor = choices.FirstOrDefault(c => c.Track.Id == project.AnchorTrackId) ?? choices[0];
        var tracks = choices.Select(c =>
        {
            var gain = 0.0;
            if (c.Track.AlbumLevelLu is { } level && c != anchor && c.IntegratedLufs is { } lufs && anchor.IntegratedLufs is { } anchorLufs)
            {
                gain = Math.Round(anchorLufs + level - lufs, 2);
                if (gain > 0.05)
                {
                    notes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Track {c.Track.Position} (\"{c.Track.Title}\") should sit {level:+0.0;-0.0} LU from the anchor, {gain:0.0} dB above its master: render it {gain:0.0} LU louder (at {lufs + gain:0.0} LUFS). It is used as rendered."));
                    gain = 0;
                }
            }
            var t = c.Track;
            return new AlbumSequenceTrack(t.Id, t.Title, c.Revision!.Id, c.Revision.Number, c.Master!.Id, c.Master.Sha256,
                t.PauseBeforeSeconds, t.CrossfadeSeconds, t.CrossfadeCurve, t.FadeInSeconds, t.FadeOutSeconds, t.FadeOutCurve,
                t.TrimStartSeconds, t.TrimEndSeconds, gain, t.Isrc, string.IsNullOrWhiteSpace(t.Artists) ? project.AlbumArtist : t.Artists, t.Composer,
                t.IndexPointsSeconds.Count > 0 ? t.IndexPointsSeconds.ToArray() : null);
        }).ToList();
        return (tracks, notes);
    }
}
