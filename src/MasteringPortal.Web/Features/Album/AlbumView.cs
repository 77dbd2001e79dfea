using System.Security.Claims;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Album;

/// <summary>One track's figures for the cohesion table: its master's loudness, range and peaks, and where it sits against the anchor.</summary>
public sealed record AlbumTrackFigures(double? IntegratedLufs, double? MaxShortTermLufs, double? LoudnessRangeLu, double? TruePeakDbtp)
{
    public static readonly AlbumTrackFigures None = new(null, null, null, null);
}

/// <summary>A track row of the album view: the track, the master the album would use, its figures.</summary>
public sealed record AlbumRow(Track Track, AlbumMasters.Choice Choice, AlbumTrackFigures Figures, bool IsAnchor);

/// <summary>
/// What the album view shows (docs/ALBUM.md): the tracks in running order with the master each would be assembled from and
/// its figures, the anchor, the release metadata, the latest assembly and its job. Loaded for a viewer who may see the
/// project; what they may change is <see cref="CanSequence"/> and <see cref="CanEditReleaseInfo"/>.
/// </summary>
public sealed class AlbumView
{
    public required Project Project { get; init; }
    public required PortalViewer Viewer { get; init; }
    public required IReadOnlyList<AlbumRow> Rows { get; init; }
    public AlbumAssembly? Latest { get; init; }
    public AlbumReport? LatestReport { get; init; }
    public PortalJob? LatestJob { get; init; }
    public FileAsset? LatestPreview { get; init; }
    public bool CdTargeted { get; init; }

    public bool CanSequence => ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, Project, Viewer.AsActor()) && Project.ArchivedAt is null;
    public bool CanEditReleaseInfo => ProjectCapabilities.Allows(ProjectCapability.EditReleaseInfo, Project, Viewer.AsActor()) && Project.ArchivedAt is null;
    public bool IsAssembling => LatestJob is { State: PortalJobState.Queued or PortalJobState.Running };

    public AlbumRow Anchor => Rows.FirstOrDefault(r => r.IsAnchor) ?? Rows[0];

    /// <summary>How each streaming platform plays the album: per track (shuffle) and, where it has album normalisation, as one release.</summary>
    public IReadOnlyList<(PlatformRule Rule, IReadOnlyList<double?> TrackGainsDb, double? AlbumGainDb)> Platforms()
    {
        var loudness = Rows.Select(r => r.Figures.IntegratedLufs).ToList();
        var loudest = loudness.OfType<double>().DefaultIfEmpty().Max();
        return PlatformRule.Defaults.Select(PlatformRule.Of).Select(rule =>
        {
            IReadOnlyList<double?> perTrack = Rows.Select(r => r.Figures.IntegratedLufs is { } l ? Gain(rule, l, r.Figures.TruePeakDbtp) : (double?)null).ToList();
            // Spotify's album mode (and Tidal's) sets one gain for the release; reported as set by its loudest track.
            double? album = rule.Platform is StreamingPlatform.Spotify or StreamingPlatform.Tidal && loudness.Any(l => l is not null)
                ? Gain(rule, loudest, Rows.Max(r => r.Figures.TruePeakDbtp)) : null;
            return (rule, perTrack, album);
        }).ToList();
    }

    static double Gain(PlatformRule rule, double lufs, double? truePeak)
    {
        var gain = rule.TargetLufs - lufs;
        if (gain > 0 && !rule.TurnsUp) return 0;
        if (gain > 0 && truePeak is { } peak) gain = Math.Min(gain, Math.Max(0, rule.PeakLimitDbtp - peak));
        return Math.Round(gain, 1);
    }

    public static async Task<AlbumView?> LoadAsync(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal user, Guid projectId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).AsNoTracking().Where(p => p.Id == projectId)
            .Include(p => p.Client).Include(p => p.Tracks).ThenInclude(t => t.Revisions).Include(p => p.Tracks).ThenInclude(t => t.Brief)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        if (viewer is null || project is null) return null;
        // A client sees the running order and the release details, never the engineer's unposted revisions.
        if (!viewer.IsTeam)
            foreach (var track in project.Tracks) track.Revisions.RemoveAll(r => r.PostedAt is null);
        var choices = await AlbumMasters.ChooseAsync(db, project, ct);
        var masterIds = choices.Select(c => c.Master?.Id).OfType<Guid>().ToList();
        var analyses = await db.Analyses.AsNoTracking().Where(a => masterIds.Contains(a.FileAssetId))
            .OrderByDescending(a => a.CreatedAt).ToListAsync(ct);
        var anchorId = project.AnchorTrackId ?? choices.FirstOrDefault()?.Track.Id;
        var rows = choices.Select(c => new AlbumRow(c.Track, c, Figures(c, analyses.FirstOrDefault(a => a.FileAssetId == c.Master?.Id)), c.Track.Id == anchorId)).ToList();

        AlbumAssembly? latest = null;
        PortalJob? job = null;
        FileAsset? preview = null;
        if (viewer.IsTeam)
        {
            latest = await db.AlbumAssemblies.AsNoTracking().Where(a => a.ProjectId == project.Id).OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct);
            if (latest is not null)
            {
                job = await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == latest.Id).OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync(ct);
                if (latest.PreviewFileId is { } previewId)
                    preview = await db.FileAssets.AsNoTracking().FirstOrDefaultAsync(f => f.Id == previewId && f.ProjectId == project.Id, ct);
            }
        }
        return new AlbumView
        {
            Project = project, Viewer = viewer, Rows = rows, Latest = latest, LatestReport = AlbumReport.FromJson(latest?.ReportJson),
            LatestJob = job, LatestPreview = preview,
            CdTargeted = project.Tracks.Any(t => t.Brief?.TargetPlatforms.HasFlag(TargetPlatforms.Cd) == true),
        };
    }

    static AlbumTrackFigures Figures(AlbumMasters.Choice choice, Analysis? analysis)
    {
        if (analysis is null) return choice.IntegratedLufs is { } l ? new(l, null, null, null) : AlbumTrackFigures.None;
        double? maxShortTerm = null;
        try
        {
            maxShortTerm = IntakeAnalysis.FromJson(analysis.ResultJson)?.MaxShortTermLufs;
        }
        catch (System.Text.Json.JsonException)
        {
            // An analysis stored by an older version: the other figures still stand.
        }
        return new(analysis.IntegratedLufs, maxShortTerm, analysis.LoudnessRangeLu, analysis.TruePeakDbtp);
    }
}
