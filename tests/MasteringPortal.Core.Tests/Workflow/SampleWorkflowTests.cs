using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Tests.Workflow;

/// <summary>A sample master before commitment, as the state machine sees it (no database).</summary>
public sealed class SampleWorkflowTests
{
    static readonly Guid StudioId = Guid.NewGuid();
    static readonly Guid ClientId = Guid.NewGuid();
    static readonly WorkflowActor Client = WorkflowActor.Client("client-user", ClientId);
    static readonly WorkflowActor OtherClient = WorkflowActor.Client("other-user", Guid.NewGuid());
    static readonly WorkflowActor Engineer = WorkflowActor.Engineer("engineer-user", StudioId);
    static readonly WorkflowActor Assistant = WorkflowActor.Assistant("assistant-user", StudioId);
    static readonly WorkflowActor OtherStudiosEngineer = WorkflowActor.Engineer("stranger", Guid.NewGuid());

    readonly FixedClock clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    static Studio NewStudio(int depositPercent = 0) => new()
    {
        Id = StudioId, Currency = "EUR", PricePerTrackMinor = 80_00, IncludedRevisionRounds = 2, SampleDepositPercent = depositPercent,
    };

    static Project NewProject(bool withMix = true)
    {
        var project = new Project { StudioId = StudioId, ClientId = ClientId, Title = "Single", Kind = ProjectKind.Single };
        project.Tracks.Add(new Track { ProjectId = project.Id, Title = "Song", Position = 1, CurrentMixId = withMix ? Guid.NewGuid() : null });
        return project;
    }

    static Revision Sample(Project project, RevisionStatus status = RevisionStatus.Ready) => new()
    {
        TrackId = project.Tracks[0].Id, Number = 1, Status = status, SampleStartSeconds = 72, SampleLengthSeconds = 45,
    };

    [Fact]
    public void A_sample_request_turns_into_a_submitted_project_once_the_client_goes_ahead()
    {
        var workflow = new ProjectWorkflow(clock);
        var project = NewProject();
        var studio = NewStudio();

        var asked = workflow.RequestSample(project, studio, Client, "  The chorus at 1:10 is what worries me.  ");
        Assert.Equal((ProjectEventKind.SampleRequested, ProjectStatus.Draft), (asked.Kind, project.Status));
        Assert.Equal("The chorus at 1:10 is what worries me.", project.SampleRequestNote);
        Assert.True(ProjectWorkflow.IsOpenSample(project));

        var sample = Sample(project);
        project.Tracks[0].Revisions.Add(sample);
        Assert.Equal("The engineer has not posted the sample yet.", ProjectWorkflow.WhyNotCommit(project, Client));
        var posted = workflow.PostSample(project, sample, Engineer, "Warmer, a touch louder.");
        Assert.Equal(ProjectEventKind.SamplePosted, posted.Kind);
        Assert.Contains("1:12–1:57", posted.Description);
        Assert.Equal(clock.GetUtcNow(), sample.PostedAt);
        Assert.Equal(ProjectStatus.Draft, project.Status);

        var committed = workflow.CommitAfterSample(project, studio, Client);
        Assert.Equal((ProjectStatus.Submitted, ProjectEventKind.Submitted), (project.Status, committed.Kind));
        Assert.StartsWith("Went ahead after the sample.", committed.Description);
        Assert.Equal((clock.GetUtcNow(), 80_00L), (project.SampleCommittedAt!.Value, project.QuoteMinor));
        Assert.False(ProjectWorkflow.IsOpenSample(project));
        Assert.Equal("You have gone ahead with this project already.", ProjectWorkflow.WhyNotCommit(project, Client));
    }

    [Fact]
    public void Who_may_ask_for_post_and_go_ahead_with_a_sample()
    {
        var workflow = new ProjectWorkflow(clock);
        var studio = NewStudio();
        Assert.Equal("This project belongs to someone else.", ProjectWorkflow.WhyNotRequestSample(NewProject(), studio, OtherClient));
        Assert.Equal("Only the client or the engineer can ask for a sample.", ProjectWorkflow.WhyNotRequestSample(NewProject(), studio, Assistant));
        Assert.Equal("Upload the mix first, then ask for a sample.", ProjectWorkflow.WhyNotRequestSample(NewProject(withMix: false), studio, Client));
        Assert.Equal("This studio does not offer sample masters.",
            ProjectWorkflow.WhyNotRequestSample(NewProject(), new Studio { Id = StudioId, OffersSamples = false }, Client));
        var two = NewProject();
        two.Tracks.Add(new Track { ProjectId = two.Id, Title = "B-side", Position = 2, CurrentMixId = Guid.NewGuid() });
        Assert.Contains("one song", ProjectWorkflow.WhyNotRequestSample(two, studio, Client));
        var submitted = NewProject();
        submitted.Status = ProjectStatus.Submitted;
        Assert.Contains("submitted already", ProjectWorkflow.WhyNotRequestSample(submitted, studio, Client));

        var project = NewProject();
        workflow.RequestSample(project, studio, Engineer, null); // on the client's behalf (asked on the phone)
        Assert.Throws<WorkflowException>(() => workflow.RequestSample(project, studio, Client, null));
        var sample = Sample(project);
        project.Tracks[0].Revisions.Add(sample);
        Assert.Equal("Only the engineer can post a sample to the client.", Assert.Throws<WorkflowException>(() => workflow.PostSample(project, sample, Client)).Message);
        Assert.Equal("Only the engineer can post a sample to the client.", Assert.Throws<WorkflowException>(() => workflow.PostSample(project, sample, Assistant)).Message);
        Assert.Throws<WorkflowException>(() => workflow.PostSample(project, sample, OtherStudiosEngineer));
        Assert.Null(sample.PostedAt);
        workflow.PostSample(project, sample, Engineer);
        Assert.Equal("Only the client can go ahead after the sample.", ProjectWorkflow.WhyNotCommit(project, Engineer));
        Assert.Equal("This project belongs to another client.", ProjectWorkflow.WhyNotCommit(project, OtherClient));
        Assert.Throws<WorkflowException>(() => workflow.CommitAfterSample(project, studio, OtherClient));
        Assert.Equal(ProjectStatus.Draft, project.Status);
    }

    [Fact]
    public void A_sample_is_never_posted_or_approved_as_a_revision_and_an_unfinished_one_is_not_posted()
    {
        var workflow = new ProjectWorkflow(clock);
        var studio = NewStudio();
        var project = NewProject();
        workflow.RequestSample(project, studio, Client, null);
        var rendering = Sample(project, RevisionStatus.Rendering);
        Assert.Contains("still rendering", Assert.Throws<WorkflowException>(() => workflow.PostSample(project, rendering, Engineer)).Message);
        var whole = new Revision { TrackId = project.Tracks[0].Id, Number = 2, Status = RevisionStatus.Ready };
        Assert.Contains("Only a sample", Assert.Throws<WorkflowException>(() => workflow.PostSample(project, whole, Engineer)).Message);

        var sample = Sample(project);
        project.Tracks[0].Revisions.Add(sample);
        workflow.PostSample(project, sample, Engineer);
        workflow.CommitAfterSample(project, studio, Client);
        workflow.StartWork(project, Engineer);
        Assert.Contains("not a master of the whole track",
            Assert.Throws<WorkflowException>(() => workflow.PostRevision(project, Sample(project), Engineer)).Message);
        workflow.PostRevision(project, whole, Engineer);
        Assert.Contains("cannot be the final master", Assert.Throws<WorkflowException>(() => workflow.Approve(project, sample, Client)).Message);
        Assert.Null(project.Tracks[0].ApprovedRevisionId);
        // Once the client went ahead, no more samples are posted.
        Assert.Throws<WorkflowException>(() => workflow.PostSample(project, Sample(project), Engineer));
    }

    [Fact]
    public void Submitting_a_sample_request_directly_counts_as_going_ahead()
    {
        var workflow = new ProjectWorkflow(clock);
        var project = NewProject();
        workflow.RequestSample(project, NewStudio(), Client, null);
        workflow.Submit(project, NewStudio(), Client);
        Assert.Equal(clock.GetUtcNow(), project.SampleCommittedAt);
        Assert.False(ProjectWorkflow.IsOpenSample(project));
    }

    [Theory]
    [InlineData(0, 0L)]
    [InlineData(25, 20_00L)]
    [InlineData(100, 80_00L)]
    [InlineData(150, 80_00L)]
    public void The_deposit_is_the_studios_share_of_the_quote(int percent, long expectedMinor)
    {
        var deposit = ProjectWorkflow.SampleDeposit(NewStudio(percent), NewProject());
        Assert.Equal((expectedMinor, "EUR"), (deposit.AmountMinor, deposit.Currency));
    }
}
