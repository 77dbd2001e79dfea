using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Dashboard;

namespace MasteringPortal.Web.Tests.Features;

/// <summary>The "what waits on whom" line of the dashboards.</summary>
public sealed class WaitingOnTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    static WaitingOn For(ProjectStatus status, int tracks = 1, int briefs = 1, int posted = 0, double daysAgo = 0) =>
        WaitingOn.For(new ProjectProgress(status, tracks, briefs, posted, Now.AddDays(-daysAgo)));

    [Fact]
    public void Draft_with_an_unfilled_brief_waits_for_the_client_brief()
    {
        var waiting = For(ProjectStatus.Draft, tracks: 3, briefs: 2);
        Assert.Equal(Party.Client, waiting.Party);
        Assert.Equal("Waiting for client: brief", waiting.Describe(Party.Engineer, Now));
        Assert.Equal("Your turn: fill in the brief", waiting.Describe(Party.Client, Now));
    }

    [Fact]
    public void Draft_without_tracks_asks_the_client_for_tracks_and_brief()
    {
        Assert.Equal("Waiting for client: tracks and brief", For(ProjectStatus.Draft, tracks: 0, briefs: 0).Describe(Party.Engineer, Now));
    }

    [Fact]
    public void Draft_with_every_brief_filled_waits_for_the_client_to_submit()
    {
        var waiting = For(ProjectStatus.Draft, tracks: 2, briefs: 2);
        Assert.Equal("Waiting for client: submission", waiting.Describe(Party.Engineer, Now));
        Assert.Equal("Your turn: submit the project", waiting.Describe(Party.Client, Now));
    }

    [Fact]
    public void Changes_requested_waits_for_the_engineer_with_the_next_revision_number_and_its_age()
    {
        var waiting = For(ProjectStatus.ChangesRequested, posted: 1, daysAgo: 3);
        Assert.Equal(Party.Engineer, waiting.Party);
        Assert.Equal("Waiting for you: revision 2 requested 3 days ago", waiting.Describe(Party.Engineer, Now));
        Assert.False(waiting.IsTurnOf(Party.Client));
    }

    [Fact]
    public void In_review_asks_the_client_to_review_the_latest_posted_revision()
    {
        var waiting = For(ProjectStatus.InReview, posted: 2, daysAgo: 1);
        Assert.Equal("Waiting for client: review of revision 2 (posted yesterday)", waiting.Describe(Party.Engineer, Now));
        Assert.Equal("Your turn: review revision 2", waiting.Describe(Party.Client, Now));
    }

    [Fact]
    public void Submitted_waits_for_the_engineer_to_start()
    {
        var waiting = For(ProjectStatus.Submitted, daysAgo: 2);
        Assert.Equal("Waiting for you: start of work (submitted 2 days ago)", waiting.Describe(Party.Engineer, Now));
        Assert.StartsWith("Nothing for now", waiting.Describe(Party.Client, Now));
    }

    [Fact]
    public void Approved_asks_the_client_to_pay()
    {
        var waiting = For(ProjectStatus.Approved, posted: 1);
        Assert.Equal(Party.Client, waiting.Party);
        Assert.Equal("Your turn: pay", waiting.Describe(Party.Client, Now));
    }

    [Fact]
    public void Delivered_waits_on_nobody()
    {
        var waiting = For(ProjectStatus.Delivered, posted: 1);
        Assert.Equal(Party.Nobody, waiting.Party);
        Assert.False(waiting.IsTurnOf(Party.Engineer));
        Assert.False(waiting.IsTurnOf(Party.Client));
    }

    [Theory]
    [InlineData(0.5, "just now")]
    [InlineData(1, "1 hour ago")]
    [InlineData(5, "5 hours ago")]
    [InlineData(24, "yesterday")]
    [InlineData(47, "yesterday")]
    [InlineData(72, "3 days ago")]
    public void Ages_read_as_words(double hoursAgo, string expected) =>
        Assert.Equal(expected, Ago.Describe(Now.AddHours(-hoursAgo), Now));

    [Fact]
    public void A_project_is_overdue_only_past_its_due_date_and_before_approval()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        ProjectSummary Summary(ProjectStatus status, DateOnly? due) =>
            new(Guid.NewGuid(), "T", "C", ProjectKind.Single, status, due, new(0, "EUR"), false, 1, For(status));
        Assert.True(Summary(ProjectStatus.InProgress, today.AddDays(-1)).IsOverdue(today));
        Assert.False(Summary(ProjectStatus.InProgress, today).IsOverdue(today));
        Assert.False(Summary(ProjectStatus.Approved, today.AddDays(-5)).IsOverdue(today));
        Assert.False(Summary(ProjectStatus.InProgress, null).IsOverdue(today));
    }
}
