using MasteringPortal.Core.Commands;
using Bunit;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Review;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Review;

/// <summary>The Blazor half of the review page: what the decision and comment panels offer to whom.</summary>
public sealed class ReviewPanelsTests : MudComponentTest
{
    static ReviewSource Revision(int number, bool posted = true, bool approved = false) => new(
        $"rev:{number}", Guid.Empty, "revision", $"Revision {number}", Guid.NewGuid(), number, posted, approved, null, null, null, "ready", 100, null, null);

    static ReviewState State(bool engineer, params ReviewSource[] sources) => new(Guid.NewGuid(), Guid.NewGuid(), "Debut", "Opening",
        "InReview", engineer, "1 of 2 included revision rounds used", sources, []);

    [Fact]
    public async Task The_client_approves_the_newest_posted_revision_after_confirming_and_can_ask_for_changes_with_notes()
    {
        ReviewSource? approved = null;
        string? notes = null;
        var panel = ctx.Render<ReviewDecision>(ps => ps
            .Add(p => p.State, State(false, Revision(1), Revision(2), Revision(3, posted: false)))
            .Add(p => p.Status, ProjectStatus.InReview)
            .Add(p => p.Rounds, "1 of 2 included revision rounds used")
            .Add(p => p.OnApprove, r => { approved = r; return Task.FromResult(ActionOutcome.Done); })
            .Add(p => p.OnRequestChanges, n => { notes = n; return Task.FromResult(ActionOutcome.Done); }));

        Assert.Equal("1 of 2 included revision rounds used", panel.Find("[data-testid=review-rounds]").TextContent);
        Assert.Contains("Approve Revision 2", panel.Find("[data-testid=approve]").TextContent);
        panel.Find("[data-testid=approve]").Click();
        Assert.Null(approved);                                  // nothing happens before the confirmation
        await panel.Find("[data-testid=approve-yes]").ClickAsync(new());
        Assert.Equal(2, approved!.RevisionNumber);

        Assert.True(panel.Find("[data-testid=request-changes]").HasAttribute("disabled"));
        panel.Find("[data-testid=change-notes]").Input("Vocal up a little");
        await panel.Find("[data-testid=request-changes]").ClickAsync(new());
        Assert.Equal("Vocal up a little", notes);
    }

    [Fact]
    public void Engineers_and_clients_outside_review_see_where_the_decision_stands_without_buttons()
    {
        var engineer = ctx.Render<ReviewDecision>(ps => ps.Add(p => p.State, State(true, Revision(1))).Add(p => p.Status, ProjectStatus.InReview));
        Assert.Contains("Waiting for the client", engineer.Find("[data-testid=review-waiting]").TextContent);
        Assert.Empty(engineer.FindAll("[data-testid=approve]"));

        var waiting = ctx.Render<ReviewDecision>(ps => ps.Add(p => p.State, State(false, Revision(1))).Add(p => p.Status, ProjectStatus.ChangesRequested));
        Assert.Contains("You asked for changes", waiting.Find("[data-testid=review-waiting]").TextContent);
        Assert.Empty(waiting.FindAll("[data-testid=request-changes]"));

        var done = ctx.Render<ReviewDecision>(ps => ps.Add(p => p.State, State(false, Revision(1), Revision(2, approved: true))).Add(p => p.Status, ProjectStatus.Approved));
        Assert.Contains("Revision 2 is approved as the final master of “Opening”", done.Find("[data-testid=review-approved]").TextContent);
    }

    [Fact]
    public void Comments_show_as_threads_with_replies_and_resolved_ones_only_on_request()
    {
        var open = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        ReviewComment C(Guid id, Guid? parent, string text, bool resolved = false, double start = 12, double? end = null) =>
            new(id, Guid.Empty, 1, parent, "Ava", false, start, end, text, resolved, at, SourceLabel: "Revision 1");
        var state = State(false, Revision(1)) with
        {
            Comments = [C(open, null, "Harsh snare", start: 72.5, end: 90), C(Guid.NewGuid(), open, "Tamed in revision 2"), C(Guid.NewGuid(), null, "Fixed", resolved: true)],
        };
        var panel = ctx.Render<ReviewComments>(ps => ps.Add(p => p.State, state));
        var thread = Assert.Single(panel.FindAll("[data-testid=comment-thread]"));
        Assert.Contains("Revision 1 · 1:12.5–1:30", thread.QuerySelector("[data-testid=comment-time]")!.TextContent);
        Assert.Equal("Tamed in revision 2", thread.QuerySelector("[data-testid=comment-reply] [data-testid=comment-body]")!.TextContent);
        Assert.Contains("Click a waveform", panel.Find("[data-testid=comment-hint]").TextContent);

        panel.Find("[data-testid=show-resolved]").Change(true);
        Assert.Equal(2, panel.FindAll("[data-testid=comment-thread]").Count);

        var composing = ctx.Render<ReviewComments>(ps => ps.Add(p => p.State, state).Add(p => p.Selection, new ReviewSelection(Guid.Empty, "Revision 1", 64, null)));
        Assert.Equal("On Revision 1 at 1:04", composing.Find("[data-testid=comment-target]").TextContent.Trim());
    }

    [Fact]
    public void A_comment_on_the_mix_is_listed_under_the_mix_after_the_revisions_and_the_composer_names_the_mix()
    {
        var mixId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var state = State(false, Revision(1)) with
        {
            Comments =
            [
                new(Guid.NewGuid(), null, null, null, "Ava", false, 5, null, "Buried vocal in the mix", false, at, SourceLabel: "Mix", FileId: mixId),
                new(Guid.NewGuid(), Guid.Empty, 1, null, "Ava", false, 70, null, "Better now", false, at, SourceLabel: "Revision 1"),
            ],
        };
        var panel = ctx.Render<ReviewComments>(ps => ps.Add(p => p.State, state)
            .Add(p => p.Selection, new ReviewSelection(null, "the mix", 12, 14, mixId)));
        var times = panel.FindAll("[data-testid=comment-time]").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["Revision 1 · 1:10", "Mix · 0:05"], times);
        Assert.Equal("On the mix from 0:12 to 0:14", panel.Find("[data-testid=comment-target]").TextContent.Trim());
    }
}
