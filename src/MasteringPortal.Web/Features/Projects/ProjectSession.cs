using MasteringPortal.Core.Commands;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Payments;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>
/// One project page's view of a project: its own DbContext (a Blazor page outlives a request), the project loaded
/// through <see cref="ProjectAccess"/>, and the edits the brief editor makes on the tracked rows until they are saved.
/// Every change goes through <see cref="ProjectCommands"/> (the session never saves); access is asked again before
/// each, and a concurrency conflict keeps the user's values (<see cref="ConcurrencyConflicts"/>).
/// </summary>
public sealed class ProjectSession : IAsyncDisposable
{
    readonly IDbContextFactory<PortalDbContext> _factory;
    readonly ClaimsPrincipal _principal;
    PortalDbContext _db;
    readonly SemaphoreSlim _reloading = new(1, 1);

    ProjectSession(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal principal, PortalDbContext db,
        PortalViewer viewer, Project project, Studio studio)
    {
        _factory = factory;
        _principal = principal;
        _db = db;
        Viewer = viewer;
        Project = project;
        Studio = studio;
    }

    public PortalViewer Viewer { get; private set; }
    public Project Project { get; private set; }
    public Studio Studio { get; private set; }
    public IReadOnlyDictionary<string, string> ActorNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The project when this user may see it; null otherwise (the page then shows "not found", never "forbidden").</summary>
    public static async Task<ProjectSession?> OpenAsync(IDbContextFactory<PortalDbContext> factory, ClaimsPrincipal principal,
        Guid projectId, CancellationToken ct = default)
    {
        var db = await factory.CreateDbContextAsync(ct);
        var loaded = await LoadAsync(db, principal, projectId, ct);
        if (loaded is null)
        {
            await db.DisposeAsync();
            return null;
        }
        var (viewer, project, studio) = loaded.Value;
        var session = new ProjectSession(factory, principal, db, viewer, project, studio);
        await session.LoadActorNamesAsync(ct);
        await session.LoadIntakeAsync(ct);
        return session;
    }

    static async Task<(PortalViewer, Project, Studio)?> LoadAsync(PortalDbContext db, ClaimsPrincipal principal, Guid projectId, CancellationToken ct)
    {
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is null) return null;
        var project = await db.VisibleProjects(viewer)
            .Where(p => p.Id == projectId)
            .Include(p => p.Client)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.References)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.ProblemNotes)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .Include(p => p.Files.Where(f => f.Kind == FileAssetKind.Mix || f.Kind == FileAssetKind.Reference))
            .Include(p => p.Events)
            .Include(p => p.Payments)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        if (project is null) return null;
        var studio = await db.Studios.FirstAsync(s => s.Id == project.StudioId, ct);
        return (viewer, project, studio);
    }

    async Task LoadActorNamesAsync(CancellationToken ct)
    {
        var ids = Project.Events.Select(e => e.ActorId).OfType<string>().Distinct().ToList();
        ActorNames = await _db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "someone" : u.DisplayName, ct);
    }

    /// <summary>Reads everything again from the database, dropping unsaved edits.</summary>
    /// <remarks>
    /// One reload at a time, into a new context that replaces the old only once loaded: a change from the feed and a
    /// finished upload may both ask at once, and neither may dispose the context the other is reading with.
    /// </remarks>
    public async Task<bool> ReloadAsync(CancellationToken ct = default)
    {
        await _reloading.WaitAsync(ct);
        try
        {
            var db = await _factory.CreateDbContextAsync(ct);
            var loaded = await LoadAsync(db, _principal, Project.Id, ct);
            if (loaded is null)
            {
                await db.DisposeAsync();
                return false;
            }
            var old = _db;
            (_db, (Viewer, Project, Studio)) = (db, loaded.Value);
            await old.DisposeAsync();
            await LoadActorNamesAsync(ct);
            await LoadIntakeAsync(ct);
            return true;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Where the intake analysis of each current mix and each reference file stands, by file id.</summary>
    public IReadOnlyDictionary<Guid, FileAnalysisState> Intake { get; private set; } = new Dictionary<Guid, FileAnalysisState>();

    /// <summary>Reads the analyses again (a job finished) without touching the page's unsaved edits.</summary>
    public async Task LoadIntakeAsync(CancellationToken ct = default)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var current = Project.Tracks.Select(t => t.CurrentMixId).OfType<Guid>().ToHashSet();
        var files = Project.Files.Where(f => current.Contains(f.Id) || f.Kind == FileAssetKind.Reference).ToList();
        Intake = await FileAnalysisState.LoadAsync(db, files, ct);
    }

    /// <summary>Queues a failed analysis of one of this project's files again.</summary>
    public async Task<ActionOutcome> RetryAnalysisAsync(Guid jobId, Core.Jobs.IPortalJobs jobs, CancellationToken ct = default)
    {
        if (!await MayEditAsync(ct)) return NotAllowed;
        if (Intake.Values.FirstOrDefault(s => s.JobId == jobId) is not { Phase: AnalysisPhase.Failed })
            return ActionOutcome.Refused("These checks have not failed; there is nothing to run again.");
        await jobs.RetryAsync(jobId, ct);
        return ActionOutcome.Done;
    }

    /// <summary>A live job update moved an analysis on (progress, failure); completion is read again by <see cref="LoadIntakeAsync"/>.</summary>
    public bool ApplyIntakeUpdate(Core.Jobs.JobUpdate update)
    {
        if (!Intake.TryGetValue(update.TargetId, out var state)) return false;
        var next = new Dictionary<Guid, FileAnalysisState>(Intake) { [update.TargetId] = state.With(update) };
        Intake = next;
        return true;
    }

    public FileAnalysisState? IntakeOf(FileAsset? file) => file is not null && Intake.TryGetValue(file.Id, out var s) ? s : null;

    /// <summary>True when the row exists in the database (a reference just typed on the page does not yet).</summary>
    public bool IsSaved(object entity) => _db.Entry(entity).State is EntityState.Unchanged or EntityState.Modified;

    /// <summary>A mix or reference file of this project by its id (a reference's file id comes from its brief entry).</summary>
    public FileAsset? FileById(Guid? id) => id is { } v ? Project.Files.FirstOrDefault(f => f.Id == v) : null;

    /// <summary>
    /// Why the project cannot be submitted yet, in words for the client; null when it can. Every track needs
    /// a mix whose checks have run; a mix with a problem (a peak at 0 dBFS, a limiter left on the mix bus, a
    /// lossy file sent as a mix) needs a corrected mix or the client's confirmation to go ahead anyway.
    /// </summary>
    public string? SubmissionBlocker()
    {
        foreach (var track in TracksInOrder)
        {
            var mix = CurrentMixOf(track);
            if (mix is null) return $"Upload the mix of \"{track.Title}\" before submitting.";
            var intake = IntakeOf(mix);
            switch (intake?.Phase)
            {
                case null or AnalysisPhase.Waiting or AnalysisPhase.Running:
                    return $"The checks of the mix of \"{track.Title}\" are still running; submit when they have finished (usually within a minute).";
                case AnalysisPhase.Failed:
                    return $"The mix of \"{track.Title}\" could not be checked: {intake.FailureReason} Please upload it again.";
            }
            if (intake.HasProblems && !AcknowledgedCurrentMix(track))
            {
                var names = string.Join(", ", intake.Problems.Select(p => IntakeChecklist.Title(p.Id).ToLowerInvariant()));
                return $"The mix of \"{track.Title}\" has problems ({names}). Upload a corrected mix, or tick \"master this mix anyway\" under its checks.";
            }
        }
        return null;
    }

    /// <summary>The client's go-ahead counts for the mix they saw: a replaced mix is checked, and confirmed, afresh.</summary>
    static bool AcknowledgedCurrentMix(Track track) =>
        track.CurrentMixId is { } mix && track.Brief?.ProblemsAcknowledgedForMixId == mix;

    /// <summary>Timeline lines for the engineer: which mixes the client chose to send despite their problems.</summary>
    IEnumerable<string> AcknowledgedProblems() =>
        from track in TracksInOrder
        let intake = IntakeOf(CurrentMixOf(track))
        where intake is { HasProblems: true } && AcknowledgedCurrentMix(track)
        let line = $"The client chose to go ahead with the mix of \"{track.Title}\" despite: " +
                   string.Join(" ", intake.Problems.Select(p => $"{IntakeChecklist.Title(p.Id)}: {p.Message}"))
        select line.Length <= 4000 ? line : line[..3999] + "…";

    public IEnumerable<Track> TracksInOrder => Project.Tracks.OrderBy(t => t.Position).ThenBy(t => t.Title);

    /// <summary>The timeline as this viewer may read it: a client never sees the studio's own lines.</summary>
    public IEnumerable<ProjectEvent> TimelineNewestFirst => Project.Events.Where(e => TimelineVisibility.Shows(e, Viewer.IsEngineer))
        .OrderByDescending(e => e.At).ThenByDescending(e => e.Id);

    /// <summary>The mix a track is mastered from (Track.CurrentMixId points into the project's files).</summary>
    public FileAsset? CurrentMixOf(Track track) => Project.Files.FirstOrDefault(f => f.Id == track.CurrentMixId);

    public bool IsPaid => Project.IsPaid();

    /// <summary>A payment was received, even one the workflow could not turn into "paid" (it arrived before approval).</summary>
    public bool HasReceivedPayment => ProjectBalance.BalanceReceived(Project);

    /// <summary>What this user may do on the project now, from the one capabilities table.</summary>
    public bool May(ProjectCapability capability) => ProjectCapabilities.Allows(capability, Project, Viewer.AsActor());

    public bool CanArrangeTracks => May(ProjectCapability.AddTracks);

    public bool CanRenameAndReorder => May(ProjectCapability.ArrangeTracks);

    public bool CanUpload => May(ProjectCapability.Upload);

    /// <summary>Whether this user may send a new mix for the track now (the client also once the engineer asked for one).</summary>
    public bool CanSendMix(Track track) =>
        ProjectCapabilities.AllowsNewMix(Project.Status, Viewer.AsActor().Role, track.NewMixRequestedAt is not null);

    /// <summary>After submission the brief is the client's word, but the engineer may add a file format to deliver.</summary>
    public bool CanAddDeliveryFormat => Viewer.IsTeam && !CanEditBrief && Project.Status != ProjectStatus.Delivered;

    /// <summary>The engineer may send a track back to mixing while it is being mastered.</summary>
    public bool CanAskForNewMix => Viewer.AsActor().Role == ActorRole.Engineer && May(ProjectCapability.Render);

    public bool CanEditBrief => May(ProjectCapability.EditBrief);

    public RevisionRounds Rounds => RevisionRounds.Of(Project, Studio);

    /// <summary>The newest posted revision of every track that has no approved revision yet.</summary>
    public IReadOnlyList<Revision> RevisionsToApprove => ProjectRevisions.ToApprove(Project);

    /// <summary>A finished revision the engineer has not posted yet.</summary>
    public Revision? RevisionReadyToPost => ProjectRevisions.ReadyToPost(Project);

    /// <summary>
    /// The workflow's legal actions for this user now, minus those that need something that is not there
    /// (no revision ready to post, none to approve), so no button is offered that can only fail.
    /// </summary>
    public IReadOnlyList<ProjectAction> AvailableActions => ProjectCapabilities.AvailableActions(Project, Viewer.AsActor())
        .Where(a => a switch
        {
            ProjectAction.PostRevision => RevisionReadyToPost is not null,
            ProjectAction.Approve => RevisionsToApprove.Count > 0,
            ProjectAction.GrantExtraRounds => Viewer.IsEngineer,
            _ => true,
        })
        .ToList();

    public bool HasUnsavedEdits
    {
        get
        {
            _db.ChangeTracker.DetectChanges();
            return _db.ChangeTracker.HasChanges();
        }
    }

    public Task<ActionOutcome> AddTrackAsync(ProjectCommands commands, string title, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.AddTrackAsync(_principal, Project.Id, title, ct), ct);

    public Task<ActionOutcome> RenameTrackAsync(ProjectCommands commands, Track track, string title, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.RenameTrackAsync(_principal, Project.Id, track.Id, title, ct), ct);

    /// <summary>The engineer adds a file format to a submitted brief.</summary>
    public Task<ActionOutcome> AddDeliveryFormatAsync(ProjectCommands commands, Track track, DeliveryFormats format, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.AddDeliveryFormatAsync(_principal, Project.Id, track.Id, format, ct), ct);

    /// <summary>The engineer sends the track back to mixing: the client is asked for a new mix, with the note.</summary>
    public Task<ActionOutcome> SendBackToMixingAsync(ProjectCommands commands, Track track, string note, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.SendBackToMixingAsync(_principal, Project.Id, track.Id, note, ct), ct);

    /// <summary>The client (or the engineer for them) asks for a sample master before committing.</summary>
    public Task<ActionOutcome> RequestSampleAsync(ProjectCommands commands, string? note, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.RequestSampleAsync(_principal, Project.Id, note, ct), ct);

    /// <summary>The client goes ahead after the sample (no card deposit to pay first).</summary>
    public Task<ActionOutcome> CommitAfterSampleAsync(ProjectCommands commands, bool cardPaymentsOn, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.CommitAfterSampleAsync(_principal, Project.Id, cardPaymentsOn, ct), ct);

    /// <summary>The sample masters of the project, newest first (the client: only those posted to them).</summary>
    public IReadOnlyList<Revision> Samples => Project.Tracks.SelectMany(t => t.Revisions)
        .Where(r => r.IsSample && (Viewer.IsTeam || r.PostedAt is not null)).OrderByDescending(r => r.Number).ToList();

    /// <summary>Moves a track one place up (-1) or down (+1) in the running order.</summary>
    public Task<ActionOutcome> MoveTrackAsync(ProjectCommands commands, Track track, int direction, CancellationToken ct = default) =>
        ThroughCommandsAsync(commands, () => commands.MoveTrackAsync(_principal, Project.Id, track.Id, direction, ct), ct);

    /// <summary>
    /// A change through the command path, from this page: access is asked again (it may have changed since the page
    /// opened), edits still on the page are saved first so the reload that follows loses nothing (a conflict there
    /// keeps them and stops), and afterwards the project is read again so the page shows the truth.
    /// </summary>
    async Task<ActionOutcome> ThroughCommandsAsync(ProjectCommands commands, Func<Task<ActionOutcome>> command, CancellationToken ct)
    {
        if (!await MayEditAsync(ct)) return NotAllowed;
        var saved = await SavePendingAsync(commands, ct);
        if (!saved.Succeeded) return saved;
        var outcome = await command();
        await ReloadAsync(ct);
        return outcome;
    }

    /// <summary>
    /// Saves the brief edits made on the tracked rows (the brief editor binds to them) through the command path, and
    /// reads the project again. A refusal keeps the edits on the page; so does a conflict, which also takes the other
    /// person's values for the fields this page did not touch, so saving again stores these edits knowingly.
    /// </summary>
    public async Task<ActionOutcome> SaveBriefsAsync(ProjectCommands commands, CancellationToken ct = default)
    {
        if (!await MayEditAsync(ct)) return NotAllowed;
        if (!CanEditBrief) return ActionOutcome.Refused("The brief can only be changed before the project is submitted.");
        var briefs = Project.Tracks.Select(t => t.Brief).OfType<Brief>().ToList();
        var outcome = await commands.SaveBriefsAsync(_principal, Project.Id, BriefEdits.Pending(_db, briefs), ct);
        if (outcome.Conflicted)
        {
            var conflict = await ConcurrencyConflicts.ResolveAsync(briefs.Select(b => (EntityEntry)_db.Entry(b)), ct);
            return ActionOutcome.Refused(conflict.Message);
        }
        if (outcome.Succeeded) await ReloadAsync(ct);
        return outcome;
    }

    /// <summary>Edits still on the page are saved while the brief is open; after that they can no longer be, and are dropped.</summary>
    async Task<ActionOutcome> SavePendingAsync(ProjectCommands commands, CancellationToken ct)
    {
        if (!HasUnsavedEdits) return ActionOutcome.Done;
        if (Project.Status == ProjectStatus.Draft) return await SaveBriefsAsync(commands, ct);
        await ReloadAsync(ct);
        return ActionOutcome.Done;
    }

    /// <summary>
    /// Runs one workflow action through the command path. Pending brief edits are saved first (a conflict there keeps
    /// them and stops); afterwards the project is read again, so the page shows the truth whatever the outcome.
    /// </summary>
    public async Task<ActionOutcome> RunAsync(ProjectCommands commands, ProjectAction action, string? notes = null, int extraRounds = 1,
        CancellationToken ct = default)
    {
        if (!await MayEditAsync(ct)) return NotAllowed;
        var saved = await SavePendingAsync(commands, ct);
        if (!saved.Succeeded) return saved;
        List<string>? timeline = null;
        if (action == ProjectAction.Submit)
        {
            await LoadIntakeAsync(ct);
            if (SubmissionBlocker() is { } blocker) return ActionOutcome.Refused(blocker);
            timeline = AcknowledgedProblems().ToList();
        }
        var outcome = await commands.RunAsync(_principal, Project.Id, action, notes, extraRounds, timelineNotes: timeline, ct: ct);
        await ReloadAsync(ct);
        return outcome;
    }

    static readonly ActionOutcome NotAllowed = ActionOutcome.Refused("You no longer have access to this project.");

    /// <summary>Every action asks again: access may have changed since the page was opened.</summary>
    async Task<bool> MayEditAsync(CancellationToken ct)
    {
        await using var db = await _factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(_principal, ct);
        return viewer is not null && await db.CanEditAsync(viewer, Project.Id, ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
