using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;

namespace MasteringPortal.Core.Workflow;

/// <summary>
/// The only code that changes <see cref="Project.Status"/>. Each method checks the transition table
/// (<see cref="ProjectTransitions"/>), who is asking and the project's own rules, then changes the
/// project and appends a <see cref="ProjectEvent"/> to <see cref="Project.Events"/>; the caller saves.
/// Refusals throw <see cref="WorkflowException"/> with a message for the person who tried.
/// Methods that need the project's tracks expect them loaded (Include(p => p.Tracks)).
/// </summary>
public sealed partial class ProjectWorkflow(TimeProvider clock)
{
    public ProjectWorkflow() : this(TimeProvider.System) { }

    /// <summary>The actions <paramref name="actor"/> may take on the project now (for showing buttons).</summary>
    public IReadOnlyList<ProjectAction> AvailableActions(Project project, WorkflowActor actor) =>
        ProjectCapabilities.AvailableActions(project, actor);

    /// <summary>Client (or the engineer for them) hands the project over; the quote is fixed from the studio's prices.</summary>
    public ProjectEvent Submit(Project project, Studio studio, WorkflowActor actor)
    {
        Check(ProjectAction.Submit, project, actor);
        if (project.Tracks.Count == 0)
            throw new WorkflowException("Add at least one track before submitting the project.");
        var quote = Quote.For(studio, project, project.Tracks.Count);
        project.QuoteMinor = quote.TotalMinor;
        project.Currency = quote.Currency;
        project.SubmittedAt = clock.GetUtcNow();
        // Submitted straight from a sample request: the request converted, with or without the sample heard.
        if (project.SampleRequestedAt is not null) project.SampleCommittedAt ??= project.SubmittedAt;
        return Move(project, actor, ProjectAction.Submit, ProjectEventKind.Submitted,
            $"Submitted for mastering. Quote: {quote}.");
    }

    public ProjectEvent StartWork(Project project, WorkflowActor actor)
    {
        Check(ProjectAction.StartWork, project, actor);
        return Move(project, actor, ProjectAction.StartWork, ProjectEventKind.WorkStarted, "The engineer started work.");
    }

    /// <summary>
    /// Posts a finished revision to the client. Allowed again while in review, so an EP's or album's
    /// tracks can be posted one after another.
    /// </summary>
    public ProjectEvent PostRevision(Project project, Revision revision, WorkflowActor actor, string? engineerNote = null)
    {
        if (project.Status == ProjectStatus.InReview) CheckActor(ProjectAction.PostRevision, project, actor);
        else Check(ProjectAction.PostRevision, project, actor);
        var track = project.Tracks.FirstOrDefault(t => t.Id == revision.TrackId)
            ?? throw new WorkflowException("This revision belongs to another project.");
        if (track.ApprovedRevisionId is not null)
            throw new WorkflowException($"\"{track.Title}\" is approved; its final master is locked, so no further revision can be posted.");
        if (revision.IsSample)
            throw new WorkflowException("A sample is a passage made before the client went ahead, not a master of the whole track; render a revision to post.");
        if (revision.Status != RevisionStatus.Ready)
            throw new WorkflowException(revision.Status == RevisionStatus.Failed
                ? $"Revision {revision.Number} of \"{track.Title}\" failed to render; render it again before posting."
                : $"Revision {revision.Number} of \"{track.Title}\" is still rendering; post it when it is ready.");
        if (revision.PostedAt is not null)
            throw new WorkflowException($"Revision {revision.Number} of \"{track.Title}\" is already posted.");
        if (engineerNote is not null) revision.EngineerNote = engineerNote;
        revision.PostedAt = clock.GetUtcNow();
        var note = string.IsNullOrWhiteSpace(revision.EngineerNote) ? "" : $" Note: {revision.EngineerNote}";
        return Move(project, actor, ProjectAction.PostRevision, ProjectEventKind.RevisionPosted,
            $"Revision {revision.Number} of \"{track.Title}\" posted for review.{note}");
    }

    /// <summary>The client sends the project back; uses one revision round, refused when none is left.</summary>
    public ProjectEvent RequestChanges(Project project, Studio studio, WorkflowActor actor, string notes)
    {
        Check(ProjectAction.RequestChanges, project, actor);
        var rounds = RevisionRounds.Of(project, studio);
        if (rounds.Remaining == 0)
            throw new WorkflowException(rounds.Extra == 0
                ? $"All {rounds.Included} included revision round{(rounds.Included == 1 ? " is" : "s are")} used. Ask your engineer for an extra round."
                : $"All {rounds.Allowed} revision rounds ({rounds.Included} included, {rounds.Extra} extra) are used. Ask your engineer for an extra round.");
        project.RevisionRoundsUsed++;
        var text = string.IsNullOrWhiteSpace(notes) ? "" : $" Notes: {notes.Trim()}";
        return Move(project, actor, ProjectAction.RequestChanges, ProjectEventKind.ChangesRequested,
            $"Changes requested ({RevisionRounds.Of(project, studio)}).{text}");
    }

    /// <summary>
    /// The client accepts a posted revision as its track's final master, which locks it: no other revision of
    /// that track can be posted or approved afterwards. The project moves to Approved when every track has an
    /// approved revision; until then (an EP or album approved track by track) it stays in review.
    /// </summary>
    public ProjectEvent Approve(Project project, Revision revision, WorkflowActor actor)
    {
        CheckActor(ProjectAction.Approve, project, actor);
        var track = project.Tracks.FirstOrDefault(t => t.Id == revision.TrackId)
            ?? throw new WorkflowException("This revision belongs to another project.");
        if (track.ApprovedRevisionId is not null)
            throw new WorkflowException(track.ApprovedRevisionId == revision.Id
                ? $"Revision {revision.Number} of \"{track.Title}\" is already approved."
                : $"\"{track.Title}\" already has an approved revision; it cannot be approved again.");
        Check(ProjectAction.Approve, project, actor);
        if (revision.IsSample)
            throw new WorkflowException("A sample is a passage of the song, so it cannot be the final master; approve a revision of the whole track.");
        if (revision.Status != RevisionStatus.Ready || revision.PostedAt is null)
            throw new WorkflowException($"Revision {revision.Number} of \"{track.Title}\" has not been posted for review, so it cannot be approved.");
        track.ApprovedRevisionId = revision.Id;
        project.ApprovedRevisionId = revision.Id;
        var approved = project.Tracks.Count(t => t.ApprovedRevisionId is not null);
        if (approved < project.Tracks.Count)
            return Append(project, actor, ProjectEventKind.Approved,
                $"Revision {revision.Number} of \"{track.Title}\" approved as final ({approved} of {project.Tracks.Count} tracks approved).");
        return Move(project, actor, ProjectAction.Approve, ProjectEventKind.Approved,
            project.Tracks.Count == 1
                ? $"Revision {revision.Number} of \"{track.Title}\" approved as final."
                : $"Revision {revision.Number} of \"{track.Title}\" approved as final; all {project.Tracks.Count} tracks are approved.");
    }

    /// <summary>Payment received: by the engineer (manual payment) or the system (verified payment webhook).</summary>
    public ProjectEvent MarkPaid(Project project, WorkflowActor actor, string? reference = null)
    {
        Check(ProjectAction.MarkPaid, project, actor);
        var how = actor.Role == ActorRole.System ? "Payment received" : "Marked as paid by the engineer";
        var suffix = string.IsNullOrWhiteSpace(reference) ? "" : $" (reference {reference})";
        return Move(project, actor, ProjectAction.MarkPaid, ProjectEventKind.Paid,
            $"{how}: {new Money(project.QuoteMinor, project.Currency)}{suffix}.");
    }

    public ProjectEvent Deliver(Project project, WorkflowActor actor)
    {
        Check(ProjectAction.Deliver, project, actor);
        return Move(project, actor, ProjectAction.Deliver, ProjectEventKind.Delivered, "Masters delivered.");
    }

    /// <summary>The engineer allows more rounds of changes; each is priced and added to the quote.</summary>
    public ProjectEvent GrantExtraRounds(Project project, Studio studio, WorkflowActor actor, int rounds)
    {
        Check(ProjectAction.GrantExtraRounds, project, actor);
        if (rounds is < 1 or > 20)
            throw new WorkflowException("Grant between 1 and 20 extra revision rounds at a time.");
        var price = checked(rounds * studio.ExtraRoundPriceMinor);
        project.ExtraRoundsGranted += rounds;
        project.QuoteMinor = checked(project.QuoteMinor + price);
        return Append(project, actor, ProjectEventKind.ExtraRoundsGranted,
            $"{rounds} extra revision round{(rounds == 1 ? "" : "s")} granted ({new Money(price, studio.Currency)}); " +
            $"quote now {new Money(project.QuoteMinor, project.Currency)}.");
    }

    void Check(ProjectAction action, Project project, WorkflowActor actor)
    {
        if (WhyNot(action, project, actor) is { } refusal) throw new WorkflowException(refusal);
    }

    static void CheckActor(ProjectAction action, Project project, WorkflowActor actor)
    {
        if (WhyNotActor(action, project, actor) is { } refusal) throw new WorkflowException(refusal);
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not take <paramref name="action"/> on the project at its stage, in words for
    /// them (from the transition table); null when they may. Commands ask this before they load anything more.
    /// </summary>
    public static string? WhyNot(ProjectAction action, Project project, WorkflowActor actor)
    {
        if (WhyNotActor(action, project, actor) is { } refusal) return refusal;
        var transition = ProjectTransitions.All[action];
        var from = ReviewRepeats(action) ? transition.From.Append(ProjectStatus.InReview) : transition.From;
        return from.Contains(project.Status) ? null : $"{StatusSentence(project.Status)}; {Clause(action, project.Status)}.";
    }

    /// <summary>Posting and approving stay open while in review, so an EP's tracks can be posted and approved one by one.</summary>
    static bool ReviewRepeats(ProjectAction action) => action is ProjectAction.PostRevision or ProjectAction.Approve;

    /// <summary>Why this actor may never take <paramref name="action"/> on the project (the table's "by" column, and ownership); null when they may.</summary>
    public static string? WhyNotActor(ProjectAction action, Project project, WorkflowActor actor)
    {
        var transition = ProjectTransitions.All[action];
        if (!transition.By.Contains(actor.Role))
            return $"Only {Who(transition.By)} can {Verb(action)}.";
        if (!ProjectCapabilities.OwnsProject(actor, project))
            return actor.Role == ActorRole.Client
                ? "This project belongs to another client."
                : "This project belongs to another studio.";
        return null;
    }

    ProjectEvent Move(Project project, WorkflowActor actor, ProjectAction action, ProjectEventKind kind, string description)
    {
        var to = ProjectTransitions.All[action].To;
        if (to is { } status) project.Status = status;
        return Append(project, actor, kind, description);
    }

    /// <summary>
    /// A line in the project's timeline that moves nothing (a track added, a problem the client accepted, a payment to
    /// check, a file added: <paramref name="kind"/> says which when it is not a plain note).
    /// </summary>
    /// <param name="audience">Who reads it: <see cref="EventAudience.Studio"/> for lines the client must not see.</param>
    public ProjectEvent Note(Project project, WorkflowActor actor, string description, ProjectEventKind kind = ProjectEventKind.Note,
        EventAudience audience = EventAudience.Everyone)
    {
        var e = Append(project, actor, kind, description);
        e.Audience = audience;
        return e;
    }

    ProjectEvent Append(Project project, WorkflowActor actor, ProjectEventKind kind, string description)
    {
        var e = new ProjectEvent
        {
            ProjectId = project.Id,
            At = clock.GetUtcNow(),
            ActorId = actor.UserId,
            Kind = kind,
            Description = description,
        };
        project.Events.Add(e);
        return e;
    }

    static string StatusSentence(ProjectStatus status) => status switch
    {
        ProjectStatus.Draft => "This project has not been submitted yet",
        ProjectStatus.Submitted => "This project is waiting for the engineer to start work",
        ProjectStatus.InProgress => "The engineer is still working on this project",
        ProjectStatus.InReview => "A revision of this project is waiting for the client's review",
        ProjectStatus.ChangesRequested => "Changes were requested and the engineer is working on them",
        ProjectStatus.Approved => "This project is already approved",
        ProjectStatus.Paid => "This project is already paid",
        ProjectStatus.Delivered => "This project is already delivered",
        _ => $"This project is {status}",
    };

    static string Clause(ProjectAction action, ProjectStatus status) => action switch
    {
        ProjectAction.MarkPaid when status >= ProjectStatus.Paid => "it cannot be marked as paid again",
        ProjectAction.Deliver when status == ProjectStatus.Delivered => "it cannot be delivered again",
        ProjectAction.Submit => "it cannot be submitted again",
        ProjectAction.StartWork => "work cannot be started on it now",
        ProjectAction.PostRevision => "a revision cannot be posted now",
        ProjectAction.RequestChanges => "it cannot be sent back for changes",
        ProjectAction.Approve => "there is nothing to approve now",
        ProjectAction.MarkPaid => "it can be marked as paid only after the client approves it",
        ProjectAction.Deliver => "it can be delivered only once it is paid",
        ProjectAction.GrantExtraRounds => "extra revision rounds can no longer be granted",
        _ => "this cannot be done now",
    };

    static string Verb(ProjectAction action) => action switch
    {
        ProjectAction.Submit => "submit a project",
        ProjectAction.StartWork => "start work on a project",
        ProjectAction.PostRevision => "post a revision",
        ProjectAction.RequestChanges => "request changes",
        ProjectAction.Approve => "approve a revision",
        ProjectAction.MarkPaid => "mark a project as paid",
        ProjectAction.Deliver => "deliver the masters",
        ProjectAction.GrantExtraRounds => "grant extra revision rounds",
        _ => action.ToString(),
    };

    static string Who(IReadOnlySet<ActorRole> roles) => string.Join(" or ", roles.Select(r => r switch
    {
        ActorRole.Client => "the client",
        ActorRole.Engineer => "the engineer",
        ActorRole.Assistant => "an assistant",
        _ => "the payment system",
    }));
}
