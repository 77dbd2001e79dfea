using MasteringPortal.Core.Commands;
using System.Security.Claims;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Intake;
using MasteringPortal.Web.Features.Projects;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>
/// The engineer's workspace of one track: the mix and the references with their
/// analyses, the revisions with their renders, and the actions on them. Engineers only; every action asks
/// access again. Reads are fresh per load (a short-lived DbContext each time), because jobs change the rows
/// underneath an open page.
/// </summary>
public sealed class WorkspaceSession
{
    readonly IDbContextFactory<PortalDbContext> _factory;
    readonly ClaimsPrincipal _principal;

    WorkspaceSession(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal principal, Guid projectId, Guid trackId)
    {
        _factory = factory;
        _principal = principal;
        ProjectId = projectId;
        TrackId = trackId;
    }

    public Guid ProjectId { get; }
    public Guid TrackId { get; }
    public Project Project { get; private set; } = default!;
    public Studio Studio { get; private set; } = default!;
    public Track Track { get; private set; } = default!;
    public PortalViewer Viewer { get; private set; } = default!;

    /// <summary>The mix the engineer masters from; null before the client uploaded one.</summary>
    public FileAsset? Mix { get; private set; }

    /// <summary>Earlier mixes of this track, newest first (history: a replaced mix is never deleted).</summary>
    public IReadOnlyList<FileAsset> EarlierMixes { get; private set; } = [];

    /// <summary>The brief's references, each with its uploaded file when there is one.</summary>
    public IReadOnlyList<(ReferenceTrack Reference, FileAsset? File)> References { get; private set; } = [];

    /// <summary>Revisions, newest first.</summary>
    public IReadOnlyList<Revision> Revisions { get; private set; } = [];

    /// <summary>The analysis state of the mix, the references' files and every master, by file id.</summary>
    public IReadOnlyDictionary<Guid, FileAnalysisState> Analyses { get; private set; } = new Dictionary<Guid, FileAnalysisState>();

    /// <summary>The latest render job of each revision, by revision id.</summary>
    public IReadOnlyDictionary<Guid, PortalJob> RenderJobs { get; private set; } = new Dictionary<Guid, PortalJob>();

    /// <summary>The latest check of each revision as the streaming platforms stream it (<see cref="PlatformsJob"/>), by revision id.</summary>
    public IReadOnlyDictionary<Guid, PortalJob> PlatformJobs { get; private set; } = new Dictionary<Guid, PortalJob>();

    /// <summary>The track's latest reference match (asked for in this workspace) and its job; null before the first.</summary>
    public MatchRun? LatestMatch { get; private set; }

    /// <summary>The latest job of <see cref="LatestMatch"/>: its progress, or why it failed.</summary>
    public PortalJob? LatestMatchJob { get; private set; }

    public static async Task<WorkspaceSession?> OpenAsync(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal principal,
        Guid projectId, Guid trackId, CancellationToken ct = default)
    {
        var session = new WorkspaceSession(factory, principal, projectId, trackId);
        return await session.ReloadAsync(ct) ? session : null;
    }

    /// <summary>Reads everything again; false when the user may no longer see it (or is not the studio's engineer).</summary>
    public async Task<bool> ReloadAsync(CancellationToken ct = default)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(_principal, ct);
        if (viewer is not { IsTeam: true }) return false;
        var project = await db.VisibleProjects(viewer).AsNoTracking()
            .Where(p => p.Id == ProjectId)
            .Include(p => p.Client)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.References)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.ProblemNotes)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions).ThenInclude(r => r.Files)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        var track = project?.Tracks.FirstOrDefault(t => t.Id == TrackId);
        if (project is null || track is null) return false;

        var files = await db.FileAssets.AsNoTracking()
            .Where(f => f.ProjectId == project.Id && (f.TrackId == track.Id || f.Kind == FileAssetKind.Reference))
            .ToListAsync(ct);
        var referenceFileIds = track.Brief?.References.Select(r => r.FileAssetId).OfType<Guid>().ToHashSet() ?? [];
        Viewer = viewer;
        Project = project;
        Studio = await db.Studios.AsNoTracking().FirstAsync(s => s.Id == project.StudioId, ct);
        Track = track;
        Mix = files.FirstOrDefault(f => f.Id == track.CurrentMixId);
        EarlierMixes = Files.EarlierMixes.Of(files, track);
        References = (track.Brief?.References ?? [])
            .Select(r => (r, r.FileAssetId is { } id ? files.FirstOrDefault(f => f.Id == id) : null))
            .ToList();
        Revisions = track.Revisions.OrderByDescending(r => r.Number).ToList();

        var analysed = new List<FileAsset>();
        if (Mix is not null) analysed.Add(Mix);
        analysed.AddRange(files.Where(f => referenceFileIds.Contains(f.Id)));
        analysed.AddRange(Revisions.Select(MasterOf).OfType<FileAsset>());
        Analyses = await FileAnalysisState.LoadAsync(db, analysed, ct);

        var revisionIds = Revisions.Select(r => r.Id).ToList();
        RenderJobs = await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Render, revisionIds, ct);
        PlatformJobs = await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Platforms, revisionIds, ct);
        LatestMatch = await db.MatchRuns.AsNoTracking().Where(r => r.TrackId == track.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        LatestMatchJob = LatestMatch is null ? null
            : (await FileAnalysisState.LatestJobsAsync(db, PortalJobKind.Match, [LatestMatch.Id], ct)).GetValueOrDefault(LatestMatch.Id);
        return true;
    }

    /// <summary>
    /// The revision's main master: the file the engineer uploaded, or the rendered 24-bit WAV at the session rate (not
    /// the 16-bit CD copy, not a lossy file, never an alternate version's master).
    /// </summary>
    public static FileAsset? MasterOf(Revision revision)
    {
        var masters = revision.Files.Where(f => f.Kind == FileAssetKind.Master && f.TrackAlternateId == null).OrderBy(f => f.CreatedAt).ToList();
        if (revision.Origin == RevisionOrigin.UploadedMaster && masters.FirstOrDefault(f => f.UploadedById is not null) is { } uploaded)
            return uploaded;
        var wav24 = ReportOf(revision)?.Files.FirstOrDefault(f => f.Kind == "wav24")?.FileAssetId;
        return masters.FirstOrDefault(f => f.Id == wav24)
               ?? masters.FirstOrDefault(f => f.Format == "wav" && f.BitDepth is not 16)
               ?? masters.FirstOrDefault();
    }

    /// <summary>What the render achieved; null before it finished, or when the stored report cannot be read.</summary>
    public static RenderReport? ReportOf(Revision revision)
    {
        try { return RenderReport.FromJson(revision.RenderReportJson); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    public FileAnalysisState? AnalysisOf(FileAsset? file) => file is not null && Analyses.TryGetValue(file.Id, out var s) ? s : null;

    /// <summary>Rendering is open once the client has submitted, until they approve.</summary>
    public bool CanRender => ProjectCapabilities.Allows(ProjectCapability.Render, Project, Viewer.AsActor());

    /// <summary>The project is a sample request the client has not gone ahead with: the engineer renders and posts samples only.</summary>
    public bool IsSampleRequest => ProjectWorkflow.IsOpenSample(Project);

    /// <summary>A sample of a passage may be rendered now (the engineer or an assistant, while the client decides).</summary>
    public bool CanRenderSample => IsSampleRequest && Viewer.IsTeam && Mix is not null;

    /// <summary>The passage the portal proposes for a sample: the mix's loudest sustained section (from its analysis).</summary>
    public SamplePassage? ProposedPassage(double lengthSeconds = SamplePassage.DefaultLengthSeconds) =>
        AnalysisOf(Mix)?.Result is { } result
            ? SamplePassage.Propose(result.LoudnessCurves.ShortTermLufs, result.LoudnessCurves.IntervalSeconds, result.DurationSeconds, lengthSeconds)
            : null;

    /// <summary>Saves a sample of <paramref name="passage"/> with these settings and queues its render, through the command path.</summary>
    public Task<ActionOutcome> RenderSampleAsync(RenderSettings settings, RevisionMatch? match, SamplePassage passage, IPortalJobs jobs,
        ProjectCommands commands, CancellationToken ct = default) =>
        Mix is null || !CanRenderSample
            ? Task.FromResult(ActionOutcome.Refused("This project is not waiting for a sample."))
            : commands.QueueRenderAsync(_principal, ProjectId, TrackId, Mix.Id, settings, match, jobs, ct, passage);

    public string? WhyNoRender => Mix is null
        ? "There is no mix for this track yet."
        : Project.Status switch
        {
            ProjectStatus.Draft when IsSampleRequest => null,
            ProjectStatus.Draft => "The client has not submitted this project yet.",
            ProjectStatus.Approved or ProjectStatus.Paid or ProjectStatus.Delivered => "The client approved a revision: the masters are final.",
            _ => null,
        };

    /// <summary>Posting is open while the project is being worked on or reviewed (an EP posts track by track).</summary>
    public bool CanPost(Revision revision) => revision is { Status: RevisionStatus.Ready, PostedAt: null }
        && (revision.IsSample
            ? IsSampleRequest && Viewer.AsActor().Role == ActorRole.Engineer
            : ProjectCapabilities.Allows(ProjectAction.PostRevision, Project, Viewer.AsActor()));

    /// <summary>Render again, retry: open while the project renders revisions, and for a sample while the client decides.</summary>
    bool CanRenderLike(Revision revision) => revision.IsSample ? CanRenderSample : CanRender;

    /// <summary>
    /// Where a new revision starts: the latest revision's settings, or else the engine's defaults with the
    /// brief's loudness target (a custom LUFS, or the quietest platform asked for, so nothing gets turned down
    /// further by a platform that normalises lower).
    /// </summary>
    public RenderSettings DefaultSettings()
    {
        if (Revisions.FirstOrDefault(r => r.Origin == RevisionOrigin.Rendered) is { } latest && TryRead(latest.SettingsJson) is { } previous) return previous;
        return ForBrief(new RenderSettings(), Track.Brief);
    }

    public static RenderSettings ForBrief(RenderSettings settings, Brief? brief) =>
        BriefTargets.Loudness(brief) is { } target ? settings with { Loudness = target } : settings;

    public static RenderSettings? TryRead(string json)
    {
        try { return RenderSettings.FromJson(json); }
        catch (RenderSettingsException) { return null; }
    }

    /// <summary>
    /// Saves a new revision with these settings and queues its render, through the command path (which also starts
    /// the work on a submitted project, as the engineer evidently has).
    /// </summary>
    /// <param name="match">The reference match the chain came from, recorded with the revision; null when set by hand.</param>
    public Task<ActionOutcome> RenderAsync(RenderSettings settings, RevisionMatch? match, IPortalJobs jobs, ProjectCommands commands, CancellationToken ct = default)
    {
        if (Mix is null) return Task.FromResult(ActionOutcome.Refused("There is no mix for this track yet."));
        if (!CanRender) return Task.FromResult(ActionOutcome.Refused(WhyNoRender ?? "This project is not open for rendering."));
        return commands.QueueRenderAsync(_principal, ProjectId, TrackId, Mix.Id, settings, match, jobs, ct);
    }

    /// <summary>The chain may be matched to a reference now: whenever it may be rendered (a sample's included).</summary>
    public bool CanMatch => Mix is not null && (CanRender || CanRenderSample);

    /// <summary>A reference match of the current mix, from <paramref name="options"/>' chain, queued as a job through the command path.</summary>
    public Task<MatchQueued> MatchAsync(IReadOnlyList<(Guid FileId, double Weight)> chosen, MasteringPortal.Audio.Matching.MatchOptions options,
        IPortalJobs jobs, ProjectCommands commands, CancellationToken ct = default) =>
        Mix is null || !CanMatch
            ? Task.FromResult(new MatchQueued(ActionOutcome.Refused(WhyNoRender ?? "This project is not open for rendering."), null))
            : commands.QueueMatchAsync(_principal, ProjectId, TrackId, Mix.Id, chosen, options, jobs, ct);

    /// <summary>Stops the latest match while it is queued or running; the chain is left as it is.</summary>
    public async Task<ActionOutcome> CancelMatchAsync(IPortalJobs jobs, CancellationToken ct = default)
    {
        if (!await MayChangeAsync(ct)) return NotAllowed;
        if (LatestMatchJob is not { State: PortalJobState.Queued or PortalJobState.Running } job)
            return ActionOutcome.Refused("No match is running.");
        await jobs.CancelAsync(job.Id, ct);
        return ActionOutcome.Done;
    }

    /// <summary>The chain a finished match wrote and the record the next render keeps of it; null when it did not finish or cannot be read.</summary>
    public static (RenderSettings Settings, RevisionMatch Record)? ResultOf(MatchRun run)
    {
        if (run.SettingsJson is null || TryRead(run.SettingsJson) is not { } settings || RevisionMatch.FromJson(run.RequestJson) is not { } request)
            return null;
        return (settings, request with { ReportJson = run.ReportJson, RunId = run.Id });
    }

    /// <summary>A new revision made exactly as <paramref name="revision"/> was: its mix, its settings, its match.</summary>
    public Task<ActionOutcome> RenderAgainAsync(Revision revision, IPortalJobs jobs, ProjectCommands commands, CancellationToken ct = default) =>
        CanRenderLike(revision)
            ? commands.RenderAgainAsync(_principal, ProjectId, revision.Id, jobs, ct)
            : Task.FromResult(ActionOutcome.Refused(WhyNoRender ?? "This project is not open for rendering."));

    /// <summary>Every mix of this track, oldest first, numbered 1, 2, …: "mix 2" on the revision cards and the review page.</summary>
    public int? MixNumberOf(Guid? mixId) => MixNumbers.Of(AllMixes, mixId);

    /// <summary>The current mix and the earlier ones.</summary>
    public IEnumerable<FileAsset> AllMixes => Mix is null ? EarlierMixes : EarlierMixes.Append(Mix);

    public async Task<ActionOutcome> CancelAsync(Revision revision, IPortalJobs jobs, CancellationToken ct = default)
    {
        if (!await MayChangeAsync(ct)) return NotAllowed;
        if (!RenderJobs.TryGetValue(revision.Id, out var job) || job.State is not (PortalJobState.Queued or PortalJobState.Running))
            return ActionOutcome.Refused($"Revision {revision.Number} is not rendering.");
        await jobs.CancelAsync(job.Id, ct);
        return ActionOutcome.Done;
    }

    public async Task<ActionOutcome> RetryAsync(Revision revision, IPortalJobs jobs, CancellationToken ct = default)
    {
        if (!await MayChangeAsync(ct)) return NotAllowed;
        if (!CanRenderLike(revision)) return ActionOutcome.Refused(WhyNoRender ?? "This project is not open for rendering.");
        if (!RenderJobs.TryGetValue(revision.Id, out var job) || job.State is not (PortalJobState.Failed or PortalJobState.Cancelled))
            return ActionOutcome.Refused($"Revision {revision.Number} has not failed; there is nothing to retry.");
        await jobs.RetryAsync(job.Id, ct);
        return ActionOutcome.Done;
    }

    /// <summary>
    /// Checks a finished revision as the streaming platforms stream it: the first time for a revision made before the
    /// check existed (or whose check was lost), again after a check failed or was cancelled.
    /// </summary>
    public async Task<ActionOutcome> CheckPlatformsAsync(Revision revision, IPortalJobs jobs, CancellationToken ct = default)
    {
        if (!await MayChangeAsync(ct)) return NotAllowed;
        if (revision.Status != RevisionStatus.Ready)
            return ActionOutcome.Refused($"Revision {revision.Number} is not finished yet: it is checked for the streaming services when it is.");
        if (ReportOf(revision)?.Platforms is not null)
            return ActionOutcome.Refused($"Revision {revision.Number} has been checked for the streaming services already.");
        if (PlatformJobs.TryGetValue(revision.Id, out var job) && job.State is PortalJobState.Queued or PortalJobState.Running)
            return ActionOutcome.Refused($"Revision {revision.Number} is being checked for the streaming services right now.");
        try
        {
            await jobs.QueuePlatformsAsync(revision.Id, ct);
        }
        catch (JobRefusedException refused)
        {
            return ActionOutcome.Refused(refused.Message);
        }
        return ActionOutcome.Done;
    }

    /// <summary>Posts a finished revision to the client with the engineer's note, through the command path.</summary>
    public Task<ActionOutcome> PostAsync(ProjectCommands commands, Revision revision, string note, CancellationToken ct = default)
    {
        note = note.Trim();
        if (note.Length > 4000) return Task.FromResult(ActionOutcome.Refused("Keep the note under 4,000 characters."));
        if (revision.IsSample) return commands.PostSampleAsync(_principal, ProjectId, revision.Id, note, ct);
        return commands.RunAsync(_principal, ProjectId, ProjectAction.PostRevision, note, revisionIds: [revision.Id], ct: ct);
    }

    static readonly ActionOutcome NotAllowed = ActionOutcome.Refused("You no longer have access to this project.");

    async Task<bool> MayChangeAsync(CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(_principal, ct);
        return viewer is { IsTeam: true } && await db.CanEditAsync(viewer, ProjectId, ct);
    }
}
