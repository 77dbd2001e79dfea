using System.Security.Claims;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Platforms;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Album;

/// <summary>One track's figures for the cohesion table: its master's loudness, range and peaks, and where it sits against the anchor.</summary>
public sealed record AlbumTrackFigures(double? IntegratedLufs, double? MaxShortTermLufs, double? LoudnessRangeLu, double? TruePeakDbtp)
{
    public static readonly AlbumTrackFigures None = new(null, null, null, null);
}

/// <summary>
/// A track row of the album view: the track, the master the album would use, its figures, and the figures drawn from its
/// master's latest analysis (waveform, spectrum; null while it has none).
/// </summary>
public sealed record AlbumRow(Track Track, AlbumMasters.Choice Choice, AlbumTrackFigures Figures, bool IsAnchor, ReviewFigures? Analysis = null);

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

    /// <summary>A brief names vinyl among its targets: the page offers the vinyl sides ticked.</summary>
    public bool VinylTargeted { get; init; }

    public bool CanSequence => ProjectCapabilities.Allows(ProjectCapability.SequenceAlbum, Project, Viewer.AsActor()) && Project.ArchivedAt is null;
    public bool CanEditReleaseInfo => ProjectCapabilities.Allows(ProjectCapability.EditReleaseInfo, Project, Viewer.AsActor()) && Project.ArchivedAt is null;
    public bool IsAssembling => LatestJob is { State: PortalJobState.Queued or PortalJobState.Running };

    public AlbumRow Anchor => Rows.FirstOrDefault(r => r.IsAnchor) ?? Rows[0];

    /// <summary>The album laid out as it would be assembled now (arithmetic only), once every track has a master; else null.</summary>
    public AlbumTimeline? Timeline { get; init; }

    /// <summary>Why <see cref="Timeline"/> is null, in words.</summary>
    public string? TimelineProblem { get; init; }

    /// <summary>The spectra overlay of the cohesion view, against the anchor; null when the anchor's master has no analysis.</summary>
    public AlbumSpectra? Spectra() => AlbumSpectra.Build(
        Rows.Select(r => new AlbumSpectrumInput(r.Track.Title, r.Analysis?.Spectrum, r.Figures.IntegratedLufs)).ToList(),
        Rows.ToList().IndexOf(Anchor));

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

    /// <summary>
    /// The album as <paramref name="user"/> may see it; null when they may not. Each master's drawn figures (waveform,
    /// spectrum, maximum short-term loudness) come from <paramref name="figureCache"/>: its analysis JSON is read once, not
    /// on every load.
    /// </summary>
    public static async Task<AlbumView?> LoadAsync(IDbContextFactory<PortalDbContext> factory, ReviewFigureCache figureCache, ClaimsPrincipal user,
        Guid projectId, CancellationToken ct = default)
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
        // The headline columns only: the analysis JSON (about a megabyte per five minutes) is the figure cache's to read.
        var analyses = await db.Analyses.AsNoTracking().Where(a => masterIds.Contains(a.FileAssetId))
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new Analysis
            {
                Id = a.Id, FileAssetId = a.FileAssetId, CreatedAt = a.CreatedAt, IntegratedLufs = a.IntegratedLufs, LoudnessRangeLu = a.LoudnessRangeLu,
                TruePeakDbtp = a.TruePeakDbtp,
            }).ToListAsync(ct);
        var drawn = await figureCache.ForFilesAsync(db, masterIds, ct);
        var anchorId = project.AnchorTrackId ?? choices.FirstOrDefault()?.Track.Id;
        var rows = choices.Select(c =>
        {
            var figures = c.Master is { } m ? drawn.GetValueOrDefault(m.Id) : null;
            return new AlbumRow(c.Track, c, Figures(c, analyses.FirstOrDefault(a => a.FileAssetId == c.Master?.Id), figures), c.Track.Id == anchorId, figures);
        }).ToList();
        var (timeline, timelineProblem) = Layout(project, choices);

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
            Timeline = timeline, TimelineProblem = timelineProblem,
            VinylTargeted = project.Tracks.Any(t => t.Brief?.TargetPlatforms.HasFlag(TargetPlatforms.Vinyl) == true),
        };
    }

    static AlbumTrackFigures Figures(AlbumMasters.Choice choice, Analysis? analysis, ReviewFigures? drawn)
    {
        if (analysis is null) return choice.IntegratedLufs is { } l ? new(l, null, null, null) : AlbumTrackFigures.None;
        // The maximum short-term loudness is in the analysis JSON: the figure cache's (null if that cannot be read; the rest stands).
        return new(analysis.IntegratedLufs, drawn?.MaxShortTermLufs, analysis.LoudnessRangeLu, analysis.TruePeakDbtp);
    }

    /// <summary>The album laid out as the assembly would lay it out now (at 48 kHz: arithmetic, no audio), or why it cannot be yet.</summary>
    static (AlbumTimeline?, string?) Layout(Project project, IReadOnlyList<AlbumMasters.Choice> choices)
    {
        if (choices.Count == 0) return (null, null);
        if (choices.FirstOrDefault(c => c.Master?.DurationSeconds is not > 0) is { } missing)
            return (null, $"The album timeline is drawn once every track has a master; \"{missing.Track.Title}\" has none yet.");
        const int rate = 48_000;
        var (tracks, _) = AlbumMasters.Sequence(project, choices);
        try
        {
            return (AlbumTimeline.Build(rate, tracks.Select((t, i) => t.Plan() with
            {
                LengthFrames = (long)Math.Round(choices[i].Master!.DurationSeconds!.Value * rate),
            }).ToList()), null);
        }
        catch (AlbumTimelineException e)
        {
            return (null, e.Message);
        }
    }
}
