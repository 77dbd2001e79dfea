using Bunit;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using MasteringPortal.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Components;

public sealed class ProjectCardTests : MudComponentTest
{
    BunitJSInterop JSInterop => ctx.JSInterop;
    IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>> parameters) where T : Microsoft.AspNetCore.Components.IComponent => ctx.Render(parameters);

    static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    static ProjectSummary Summary(ProjectStatus status, DateOnly due, bool paid = false, int posted = 1, int daysAgo = 3) =>
        new(Guid.NewGuid(), "Blue Hour Sessions", "The Ben Carter Trio", ProjectKind.EP, status, due, new Money(320_00, "EUR"), paid, 2,
            WaitingOn.For(new ProjectProgress(status, 2, 2, posted, Now.AddDays(-daysAgo))));

    IRenderedComponent<ProjectCard> RenderCard(ProjectSummary project, Party viewer) =>
        Render<ProjectCard>(ps => ps.Add(p => p.Project, project).Add(p => p.Viewer, viewer).Add(p => p.Now, Now));

    [Fact]
    public void Engineer_sees_what_waits_on_whom_the_client_and_the_price()
    {
        var card = RenderCard(Summary(ProjectStatus.ChangesRequested, new DateOnly(2026, 12, 1)), Party.Engineer);
        Assert.Equal("Waiting for you: revision 2 requested 3 days ago", card.Find("[data-testid=waiting-on]").TextContent.Trim());
        Assert.Contains("The Ben Carter Trio", card.Markup);
        Assert.Contains("EUR 320.00", card.Markup);
        Assert.NotEmpty(card.FindAll("[data-testid=unpaid]"));
    }

    [Fact]
    public void Overdue_projects_are_flagged_for_the_engineer_but_not_alarm_the_client()
    {
        var late = Summary(ProjectStatus.InProgress, new DateOnly(2026, 11, 20));
        Assert.NotEmpty(RenderCard(late, Party.Engineer).FindAll("[data-testid=overdue]"));
        var clientCard = RenderCard(late, Party.Client);
        Assert.Single(clientCard.FindAll("[data-testid=project-card]"));
        Assert.Empty(clientCard.FindAll("[data-testid=overdue]"));
        var onTime = RenderCard(Summary(ProjectStatus.InProgress, new DateOnly(2026, 11, 30)), Party.Engineer);
        Assert.Single(onTime.FindAll("[data-testid=project-card]"));
        Assert.Empty(onTime.FindAll("[data-testid=overdue]"));
    }

    [Fact]
    public void Paid_projects_say_so()
    {
        var card = RenderCard(Summary(ProjectStatus.Paid, new DateOnly(2026, 11, 30), paid: true), Party.Engineer);
        Assert.NotEmpty(card.FindAll("[data-testid=paid]"));
        Assert.Empty(card.FindAll("[data-testid=unpaid]"));
    }

    [Fact]
    public void Client_does_not_see_their_own_name_as_the_client_line()
    {
        var card = RenderCard(Summary(ProjectStatus.InReview, new DateOnly(2026, 12, 1)), Party.Client);
        // The card itself is there (title, kind and track count, due date), only without the client's name.
        Assert.Equal("Blue Hour Sessions", card.Find("[data-testid=project-title]").TextContent.Trim());
        Assert.Contains("2 tracks", card.Markup);
        Assert.Contains("due 1 Dec 2026", card.Markup);
        Assert.NotEmpty(card.Find("[data-testid=waiting-on]").TextContent.Trim());
        Assert.DoesNotContain("The Ben Carter Trio", card.Markup);
    }
}
