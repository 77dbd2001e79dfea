using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Core.Tests.Infrastructure;

namespace MasteringPortal.Core.Tests.Workflow;

/// <summary>The state machine alone, no database.</summary>
public sealed class ProjectWorkflowTests
{
    static readonly Guid StudioId = Guid.NewGuid();
    static readonly Guid ClientId = Guid.NewGuid();
    static readonly WorkflowActor Client = WorkflowActor.Client("client-user", ClientId);
    static readonly WorkflowActor OtherClient = WorkflowActor.Client("other-user", Guid.NewGuid());
    static readonly WorkflowActor Engineer = WorkflowActor.Engineer("engineer-user", StudioId);
    static readonly WorkflowActor Assistant = WorkflowActor.Assistant("assistant-user", StudioId);
    static readonly WorkflowActor OtherStudiosEngineer = WorkflowActor.Engineer("stranger", Guid.NewGuid());

    readonly ProjectWorkflow workflow = new();

    static Studio NewStudio() => new()
    {
        Id = StudioId, Currency = "EUR", PricePerTrackMinor = 60_00, EpPackagePriceMinor = 250_00, AlbumPackagePriceMinor = 600_00,
        IncludedRevisionRounds = 2, ExtraRoundPriceMinor = 40_00,
    };

    static Project NewProject(ProjectStatus status = ProjectStatus.Draft, int tracks = 1)
    {
        var project = new Project { StudioId = StudioId, ClientId = ClientId, Title = "Debut", Kind = ProjectKind.Single, Status = status };
        for (var i = 1; i <= tracks; i++) project.Tracks.Add(new Track { ProjectId = project.Id, Title = $"Song {i}", Position = i });
        return project;
    }

    static Revision ReadyRevision(Project project, int number = 1) =>
        new() { TrackId = project.Tracks[0].Id, Number = number, Status = RevisionStatus.Ready };

    [Fact]
    public void The_happy_path_reaches_delivered_and_logs_every_step()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var workflow = new ProjectWorkflow(clock);
        var studio = NewStudio();
        var project = NewProject();

        workflow.Submit(project, studio, Client);
        Assert.Equal((ProjectStatus.Submitted, 60_00L, "EUR"), (project.Status, project.QuoteMinor, project.Currency));
        Assert.Equal(clock.GetUtcNow(), project.SubmittedAt);
        workflow.StartWork(project, Engineer);
        var first = ReadyRevision(project, 1);
        workflow.PostRevision(project, first, Engineer, "Warmer low end.");
        Assert.Equal(ProjectStatus.InReview, project.Status);
        Assert.NotNull(first.PostedAt);
        workflow.RequestChanges(project, studio, Client, "Vocal a little louder");
        Assert.Equal((ProjectStatus.ChangesRequested, 1), (project.Status, project.RevisionRoundsUsed));
        var second = ReadyRevision(project, 2);
        workflow.PostRevision(project, second, Engineer);
        workflow.Approve(project, second, Client);
        Assert.Equal((ProjectStatus.Approved, second.Id), (project.Status, project.ApprovedRevisionId!.Value));
        workflow.MarkPaid(project, WorkflowActor.System, "cs_test_123");
        workflow.Deliver(project, Engineer);

        Assert.Equal(ProjectStatus.Delivered, project.Status);
        Assert.Equal(
            [ProjectEventKind.Submitted, ProjectEventKind.WorkStarted, ProjectEventKind.RevisionPosted, ProjectEventKind.ChangesRequested,
             ProjectEventKind.RevisionPosted, ProjectEventKind.Approved, ProjectEventKind.Paid, ProjectEventKind.Delivered],
            project.Events.Select(e => e.Kind));
        Assert.All(project.Events, e => Assert.Equal(project.Id, e.ProjectId));
        Assert.Null(project.Events.Single(e => e.Kind == ProjectEventKind.Paid).ActorId);
        Assert.Equal("client-user", project.Events.Single(e => e.Kind == ProjectEventKind.Approved).ActorId);
        Assert.Contains("Changes requested (1 of 2 included revision rounds used)", project.Events[3].Description);
    }

    [Fact]
    public void An_approved_project_cannot_be_sent_back_for_changes()
    {
        var project = NewProject(ProjectStatus.Approved);
        var error = Assert.Throws<WorkflowException>(() => workflow.RequestChanges(project, NewStudio(), Client, "one more thing"));
        Assert.Equal("This project is already approved; it cannot be sent back for changes.", error.Message);
        Assert.Equal(ProjectStatus.Approved, project.Status);
        Assert.Empty(project.Events);
    }

    [Fact]
    public void An_ep_is_approved_track_by_track_and_an_approved_track_is_locked()
    {
        var project = NewProject(ProjectStatus.InProgress, tracks: 2);
        Revision Posted(Track track, int number)
        {
            var revision = new Revision { TrackId = track.Id, Number = number, Status = RevisionStatus.Ready };
            workflow.PostRevision(project, revision, Engineer);
            return revision;
        }
        var first = Posted(project.Tracks[0], 1);
        var second = Posted(project.Tracks[1], 1);

        workflow.Approve(project, first, Client);
        Assert.Equal(ProjectStatus.InReview, project.Status);
        Assert.Equal(first.Id, project.Tracks[0].ApprovedRevisionId);
        Assert.Contains("1 of 2 tracks approved", project.Events[^1].Description);
        Assert.Equal("\"Song 1\" is approved; its final master is locked, so no further revision can be posted.",
            Assert.Throws<WorkflowException>(() => Posted(project.Tracks[0], 2)).Message);
        Assert.Equal("Revision 1 of \"Song 1\" is already approved.",
            Assert.Throws<WorkflowException>(() => workflow.Approve(project, first, Client)).Message);

        workflow.Approve(project, second, Client);
        Assert.Equal((ProjectStatus.Approved, second.Id), (project.Status, project.Tracks[1].ApprovedRevisionId!.Value));
        Assert.Contains("all 2 tracks are approved", project.Events[^1].Description);
    }

    /// <summary>
    /// The product's rules written out here, independently of <see cref="ProjectTransitions"/>: every move that is
    /// legal, who may make it and where it leads. Every (status, action, role) not listed must be refused.
    /// </summary>
    static readonly (ProjectStatus From, ProjectAction Action, ActorRole By, ProjectStatus To)[] LegalMoves =
    [
        (ProjectStatus.Draft, ProjectAction.Submit, ActorRole.Client, ProjectStatus.Submitted),
        // The engineer may submit for the client (a brief taken over the phone).
        (ProjectStatus.Draft, ProjectAction.Submit, ActorRole.Engineer, ProjectStatus.Submitted),
        (ProjectStatus.Submitted, ProjectAction.StartWork, ActorRole.Engineer, ProjectStatus.InProgress),
        // An assistant prepares the work (submits a brief taken by phone, starts work) but never speaks for the studio:
        // posting, rounds, payments and delivery are not theirs.
        (ProjectStatus.Draft, ProjectAction.Submit, ActorRole.Assistant, ProjectStatus.Submitted),
        (ProjectStatus.Submitted, ProjectAction.StartWork, ActorRole.Assistant, ProjectStatus.InProgress),
        (ProjectStatus.InProgress, ProjectAction.PostRevision, ActorRole.Engineer, ProjectStatus.InReview),
        (ProjectStatus.ChangesRequested, ProjectAction.PostRevision, ActorRole.Engineer, ProjectStatus.InReview),
        // An EP's or album's tracks are posted one after another while the project is in review.
        (ProjectStatus.InReview, ProjectAction.PostRevision, ActorRole.Engineer, ProjectStatus.InReview),
        (ProjectStatus.InReview, ProjectAction.RequestChanges, ActorRole.Client, ProjectStatus.ChangesRequested),
        (ProjectStatus.InReview, ProjectAction.Approve, ActorRole.Client, ProjectStatus.Approved),
        // Manual payment by the engineer; a verified payment webhook as the system.
        (ProjectStatus.Approved, ProjectAction.MarkPaid, ActorRole.Engineer, ProjectStatus.Paid),
        (ProjectStatus.Approved, ProjectAction.MarkPaid, ActorRole.System, ProjectStatus.Paid),
        (ProjectStatus.Paid, ProjectAction.Deliver, ActorRole.Engineer, ProjectStatus.Delivered),
        (ProjectStatus.Paid, ProjectAction.Deliver, ActorRole.System, ProjectStatus.Delivered),
        // Extra rounds until the client approves; the status stays.
        (ProjectStatus.Draft, ProjectAction.GrantExtraRounds, ActorRole.Engineer, ProjectStatus.Draft),
        (ProjectStatus.Submitted, ProjectAction.GrantExtraRounds, ActorRole.Engineer, ProjectStatus.Submitted),
        (ProjectStatus.InProgress, ProjectAction.GrantExtraRounds, ActorRole.Engineer, ProjectStatus.InProgress),
        (ProjectStatus.InReview, ProjectAction.GrantExtraRounds, ActorRole.Engineer, ProjectStatus.InReview),
        (ProjectStatus.ChangesRequested, ProjectAction.GrantExtraRounds, ActorRole.Engineer, ProjectStatus.ChangesRequested),
    ];

    static bool IsLegal(ProjectStatus status, ProjectAction action, ActorRole role) =>
        LegalMoves.Any(m => m.From == status && m.Action == action && m.By == role);

    static WorkflowActor ActorFor(ActorRole role) => role switch
    {
        ActorRole.Client => Client,
        ActorRole.Engineer => Engineer,
        ActorRole.Assistant => Assistant,
        _ => WorkflowActor.System,
    };

    public static TheoryData<ProjectStatus, ProjectAction, ActorRole> IllegalTransitions()
    {
        var data = new TheoryData<ProjectStatus, ProjectAction, ActorRole>();
        foreach (var status in Enum.GetValues<ProjectStatus>())
            foreach (var action in Enum.GetValues<ProjectAction>())
                foreach (var role in Enum.GetValues<ActorRole>())
                    if (!IsLegal(status, action, role)) data.Add(status, action, role);
        return data;
    }

    public static TheoryData<ProjectStatus, ProjectAction, ActorRole, ProjectStatus> LegalTransitions()
    {
        var data = new TheoryData<ProjectStatus, ProjectAction, ActorRole, ProjectStatus>();
        foreach (var (from, action, by, to) in LegalMoves) data.Add(from, action, by, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void An_action_from_a_state_the_table_does_not_allow_is_refused_and_changes_nothing(ProjectStatus status, ProjectAction action, ActorRole role)
    {
        var project = NewProject(status);
        var error = Assert.Throws<WorkflowException>(() => Run(action, project, ActorFor(role)));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain("Exception", error.Message);
        Assert.Equal(status, project.Status);
        Assert.Empty(project.Events);
    }

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void An_action_the_table_allows_succeeds_and_leads_where_the_table_says(ProjectStatus status, ProjectAction action, ActorRole role, ProjectStatus to)
    {
        var project = NewProject(status);
        Run(action, project, ActorFor(role));
        Assert.Equal(to, project.Status);
        Assert.Single(project.Events);
    }

    [Fact]
    public void The_buttons_offered_are_exactly_the_legal_moves()
    {
        foreach (var status in Enum.GetValues<ProjectStatus>())
            foreach (var role in Enum.GetValues<ActorRole>())
            {
                // Posting a further track's revision while in review is allowed but not offered as a project-level move.
                var expected = Enum.GetValues<ProjectAction>()
                    .Where(a => IsLegal(status, a, role) && !(status == ProjectStatus.InReview && a == ProjectAction.PostRevision))
                    .Order();
                Assert.Equal(expected, workflow.AvailableActions(NewProject(status), ActorFor(role)).Order());
            }
    }

    [Theory]
    [InlineData(ProjectAction.StartWork, ProjectStatus.Submitted, "Only the engineer or an assistant can start work on a project.")]
    [InlineData(ProjectAction.PostRevision, ProjectStatus.InProgress, "Only the engineer can post a revision.")]
    [InlineData(ProjectAction.MarkPaid, ProjectStatus.Approved, "Only the engineer or the payment system can mark a project as paid.")]
    [InlineData(ProjectAction.GrantExtraRounds, ProjectStatus.InReview, "Only the engineer can grant extra revision rounds.")]
    public void A_client_cannot_take_the_engineers_actions(ProjectAction action, ProjectStatus status, string message)
    {
        var project = NewProject(status);
        var error = Assert.Throws<WorkflowException>(() => Run(action, project, Client));
        Assert.Equal(message, error.Message);
        Assert.Equal(status, project.Status);
    }

    [Theory]
    [InlineData(ProjectAction.RequestChanges, "Only the client can request changes.")]
    [InlineData(ProjectAction.Approve, "Only the client can approve a revision.")]
    public void The_engineer_cannot_decide_for_the_client(ProjectAction action, string message)
    {
        var project = NewProject(ProjectStatus.InReview);
        var error = Assert.Throws<WorkflowException>(() => Run(action, project, Engineer));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Another_client_or_another_studio_cannot_move_the_project()
    {
        var project = NewProject(ProjectStatus.InReview);
        Assert.Equal("This project belongs to another client.",
            Assert.Throws<WorkflowException>(() => workflow.Approve(project, ReadyRevision(project), OtherClient)).Message);
        project.Status = ProjectStatus.Submitted;
        Assert.Equal("This project belongs to another studio.",
            Assert.Throws<WorkflowException>(() => workflow.StartWork(project, OtherStudiosEngineer)).Message);
        Assert.Empty(workflow.AvailableActions(project, OtherStudiosEngineer));
    }

    [Fact]
    public void Requesting_changes_stops_at_the_included_rounds_until_the_engineer_grants_more()
    {
        var studio = NewStudio();
        var project = NewProject(ProjectStatus.InReview);
        for (var round = 1; round <= 2; round++)
        {
            workflow.RequestChanges(project, studio, Client, $"round {round}");
            workflow.PostRevision(project, ReadyRevision(project, round + 1), Engineer);
        }

        var error = Assert.Throws<WorkflowException>(() => workflow.RequestChanges(project, studio, Client, "round 3"));
        Assert.Equal("All 2 included revision rounds are used. Ask your engineer for an extra round.", error.Message);
        Assert.Equal((ProjectStatus.InReview, 2), (project.Status, project.RevisionRoundsUsed));

        project.QuoteMinor = 60_00;
        workflow.GrantExtraRounds(project, studio, Engineer, 1);
        Assert.Equal((1, 100_00L), (project.ExtraRoundsGranted, project.QuoteMinor));
        Assert.Equal("1 extra revision round granted (EUR 40.00); quote now EUR 100.00.", project.Events[^1].Description);

        workflow.RequestChanges(project, studio, Client, "round 3");
        Assert.Equal(3, project.RevisionRoundsUsed);
        workflow.PostRevision(project, ReadyRevision(project, 4), Engineer);
        error = Assert.Throws<WorkflowException>(() => workflow.RequestChanges(project, studio, Client, "round 4"));
        Assert.Equal("All 3 revision rounds (2 included, 1 extra) are used. Ask your engineer for an extra round.", error.Message);
    }

    [Fact]
    public void A_studio_with_no_included_rounds_refuses_the_first_request()
    {
        var studio = NewStudio();
        studio.IncludedRevisionRounds = 1;
        var project = NewProject(ProjectStatus.InReview);
        workflow.RequestChanges(project, studio, Client, "");
        workflow.PostRevision(project, ReadyRevision(project, 2), Engineer);
        Assert.Equal("All 1 included revision round is used. Ask your engineer for an extra round.",
            Assert.Throws<WorkflowException>(() => workflow.RequestChanges(project, studio, Client, "")).Message);
    }

    [Fact]
    public void A_project_without_tracks_cannot_be_submitted()
    {
        var project = NewProject(tracks: 0);
        Assert.Equal("Add at least one track before submitting the project.",
            Assert.Throws<WorkflowException>(() => workflow.Submit(project, NewStudio(), Client)).Message);
        Assert.Equal(ProjectStatus.Draft, project.Status);
    }

    [Fact]
    public void Only_a_finished_revision_of_this_project_can_be_posted_or_approved()
    {
        var project = NewProject(ProjectStatus.InProgress);
        var rendering = new Revision { TrackId = project.Tracks[0].Id, Number = 1, Status = RevisionStatus.Rendering };
        Assert.Equal("Revision 1 of \"Song 1\" is still rendering; post it when it is ready.",
            Assert.Throws<WorkflowException>(() => workflow.PostRevision(project, rendering, Engineer)).Message);
        var foreign = new Revision { TrackId = Guid.NewGuid(), Number = 1, Status = RevisionStatus.Ready };
        Assert.Equal("This revision belongs to another project.",
            Assert.Throws<WorkflowException>(() => workflow.PostRevision(project, foreign, Engineer)).Message);

        var posted = ReadyRevision(project);
        workflow.PostRevision(project, posted, Engineer);
        var unposted = ReadyRevision(project, 2);
        Assert.Contains("has not been posted for review",
            Assert.Throws<WorkflowException>(() => workflow.Approve(project, unposted, Client)).Message);
        Assert.Equal(ProjectStatus.InReview, project.Status);
    }

    [Fact]
    public void Each_track_of_an_album_can_be_posted_while_the_project_is_in_review()
    {
        var project = NewProject(ProjectStatus.InProgress, tracks: 2);
        workflow.PostRevision(project, new Revision { TrackId = project.Tracks[0].Id, Number = 1, Status = RevisionStatus.Ready }, Engineer);
        workflow.PostRevision(project, new Revision { TrackId = project.Tracks[1].Id, Number = 1, Status = RevisionStatus.Ready }, Engineer);
        Assert.Equal(ProjectStatus.InReview, project.Status);
        Assert.Equal(2, project.Events.Count(e => e.Kind == ProjectEventKind.RevisionPosted));
    }

    [Fact]
    public void Available_actions_follow_the_state_and_the_role()
    {
        var project = NewProject(ProjectStatus.InReview);
        Assert.Equal([ProjectAction.RequestChanges, ProjectAction.Approve], workflow.AvailableActions(project, Client).Order());
        Assert.Equal([ProjectAction.GrantExtraRounds], workflow.AvailableActions(project, Engineer));
        Assert.Empty(workflow.AvailableActions(project, OtherClient));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(21)]
    public void Extra_rounds_are_granted_in_sensible_numbers(int rounds)
    {
        var project = NewProject(ProjectStatus.InReview);
        Assert.Throws<WorkflowException>(() => workflow.GrantExtraRounds(project, NewStudio(), Engineer, rounds));
        Assert.Equal(0, project.ExtraRoundsGranted);
    }

    void Run(ProjectAction action, Project project, WorkflowActor actor)
    {
        var studio = NewStudio();
        var revision = ReadyRevision(project);
        revision.PostedAt = DateTimeOffset.UtcNow;
        switch (action)
        {
            case ProjectAction.Submit: workflow.Submit(project, studio, actor); break;
            case ProjectAction.StartWork: workflow.StartWork(project, actor); break;
            case ProjectAction.PostRevision: workflow.PostRevision(project, ReadyRevision(project), actor); break;
            case ProjectAction.RequestChanges: workflow.RequestChanges(project, studio, actor, "notes"); break;
            case ProjectAction.Approve: workflow.Approve(project, revision, actor); break;
            case ProjectAction.MarkPaid: workflow.MarkPaid(project, actor); break;
            case ProjectAction.Deliver: workflow.Deliver(project, actor); break;
            case ProjectAction.GrantExtraRounds: workflow.GrantExtraRounds(project, studio, actor, 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(action));
        }
    }
}
