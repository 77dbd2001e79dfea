using System.Net;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Team;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Team;

/// <summary>The studio's team: the owner invites engineers and assistants, an assistant prepares but never speaks for the studio, a removed member is out at once.</summary>
public sealed class TeamTests(TeamWorld world) : IClassFixture<TeamWorld>
{
    async Task<Guid> ProjectInAsync(ProjectStatus status)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return await db.Projects.Where(p => p.StudioId == world.StudioId && p.Status == status).Select(p => p.Id).FirstAsync();
    }

    [Fact]
    public async Task An_invited_engineer_signs_up_from_the_link_and_sees_the_studios_projects()
    {
        var (browser, userId, principal) = await world.JoinAsync(TeamRole.Engineer, "Jonas");
        var dashboard = await browser.GetAsync("/engineer");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Glasshouse", await dashboard.Content.ReadAsStringAsync());

        var members = await world.Service<TeamService>().MembersAsync(world.Engineer);
        Assert.Contains(members!, m => m.UserId == userId && m.Role == TeamRole.Engineer);
        // Only the owner manages the team.
        Assert.Null(await world.Service<TeamService>().MembersAsync(principal));
        Assert.False(await world.Service<TeamService>().RemoveAsync(principal, world.EngineerId));
        var teamPage = await browser.GetAsync("/studio/team");
        Assert.NotEqual(HttpStatusCode.OK, teamPage.StatusCode);
    }

    [Fact]
    public async Task A_team_invitation_is_emailed_with_its_link_when_asked_and_only_then()
    {
        var emailed = $"eli-{Guid.NewGuid():N}@studio.example";
        var quiet = $"kai-{Guid.NewGuid():N}@studio.example";
        var team = world.Service<TeamService>();
        var link = await team.InviteAsync(world.Engineer, new TeamInvitationForm { Email = emailed, Role = TeamRole.Assistant }, "http://localhost/");
        var unsent = await team.InviteAsync(world.Engineer, new TeamInvitationForm { Email = quiet, Role = TeamRole.Engineer, SendByEmail = false }, "http://localhost/");
        Assert.True(link!.Emailed);
        Assert.False(unsent!.Emailed);

        await using var db = await world.Db.CreateDbContextAsync();
        var email = await db.OutboxEmails.SingleAsync(e => e.ToAddress == emailed);
        Assert.Contains("as an assistant", email.TextBody);
        Assert.Contains(new Uri(link.Url).PathAndQuery, email.TextBody);
        Assert.False(await db.OutboxEmails.AnyAsync(e => e.ToAddress == quiet));
        // Someone who is not the owner cannot send one.
        var (_, _, engineer) = await world.JoinAsync(TeamRole.Engineer, "Ola");
        Assert.Null(await team.InviteAsync(engineer, new TeamInvitationForm { Email = $"x-{Guid.NewGuid():N}@studio.example" }, "http://localhost/"));
    }

    [Theory]
    [InlineData(ProjectStatus.InReview, ProjectAction.PostRevision)]
    [InlineData(ProjectStatus.InReview, ProjectAction.GrantExtraRounds)]
    [InlineData(ProjectStatus.Approved, ProjectAction.MarkPaid)]
    public async Task An_assistant_is_refused_posting_rounds_and_payments_through_the_command_path(ProjectStatus status, ProjectAction action)
    {
        var (_, _, assistant) = await world.JoinAsync(TeamRole.Assistant, "Pia");
        var projectId = await ProjectInAsync(status);
        var outcome = await world.Service<ProjectCommands>().RunAsync(assistant, projectId, action);
        Assert.False(outcome.Succeeded);
        Assert.Contains("Only the engineer", outcome.Message);
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(status, (await db.Projects.SingleAsync(p => p.Id == projectId)).Status);
    }

    [Fact]
    public async Task An_assistant_sees_the_studios_projects_but_no_button_to_post_grant_or_mark_paid()
    {
        var (browser, _, assistant) = await world.JoinAsync(TeamRole.Assistant, "Lior");
        var approved = await browser.GetStringAsync($"/projects/{await ProjectInAsync(ProjectStatus.Approved)}");
        Assert.Contains("data-testid=\"project-actions\"", approved);
        Assert.DoesNotContain("data-testid=\"action-MarkPaid\"", approved);
        var inReview = await browser.GetStringAsync($"/projects/{await ProjectInAsync(ProjectStatus.InReview)}");
        Assert.DoesNotContain("data-testid=\"action-GrantExtraRounds\"", inReview);
        Assert.DoesNotContain("data-testid=\"action-PostRevision\"", inReview);
        // The engineer-only pages stay closed.
        foreach (var path in new[] { "/clients", "/studio", "/studio/team", "/projects/new" })
            Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync(path)).StatusCode);
        // What an assistant may do, the table says: render while mastering, comment.
        var project = new Project { StudioId = world.StudioId, Status = ProjectStatus.InProgress };
        Assert.True(ProjectCapabilities.Allows(ProjectCapability.Render, project, (await ViewerAsync(assistant)).AsActor()));
    }

    [Fact]
    public async Task A_removed_member_is_refused_on_their_next_request()
    {
        var (browser, userId, _) = await world.JoinAsync(TeamRole.Engineer, "Mika");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/engineer")).StatusCode);

        Assert.True(await world.Service<TeamService>().RemoveAsync(world.Engineer, userId));

        var after = await browser.GetAsync("/engineer");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", new Uri(browser.BaseAddress!, after.Headers.Location!).AbsolutePath);
        var members = await world.Service<TeamService>().MembersAsync(world.Engineer);
        Assert.DoesNotContain(members!, m => m.UserId == userId);
    }

    [Fact]
    public async Task Storage_figures_and_the_backup_schedule_are_the_owners()
    {
        var (browser, _, engineer) = await world.JoinAsync(TeamRole.Engineer, "Ines");
        Assert.NotNull(await world.Service<MasteringPortal.Web.Features.Storage.StorageAccounting>().LoadAsync(world.Engineer));
        Assert.Null(await world.Service<MasteringPortal.Web.Features.Storage.StorageAccounting>().LoadAsync(engineer));
        Assert.Null(await world.Service<MasteringPortal.Web.Features.Backups.BackupStatusService>().LoadAsync(engineer));
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/studio/storage")).StatusCode);

        // An engineer saves the studio's settings; the backup schedule stays as the owner set it.
        var settings = world.Service<MasteringPortal.Web.Features.StudioSettings.StudioSettingsService>();
        var form = (await settings.LoadAsync(engineer))!;
        var before = form.BackupFrequency;
        form.BackupFrequency = before == BackupFrequency.Weekly ? BackupFrequency.Daily : BackupFrequency.Weekly;
        Assert.True(await settings.SaveAsync(engineer, form));
        Assert.Equal(before, (await settings.LoadAsync(world.Engineer))!.BackupFrequency);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_the_owners_only()
    {
        using var owner = world.NewClient();
        await Http.Forms.SignInAsync(owner, MasteringPortal.Web.Demo.DemoSeeder.EngineerEmail, MasteringPortal.Web.Demo.DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/jobs")).StatusCode);
        // It lists every studio's jobs, so an engineer or an assistant who is not the owner is refused.
        var (engineer, _, _) = await world.JoinAsync(TeamRole.Engineer, "Noor");
        var (assistant, _, _) = await world.JoinAsync(TeamRole.Assistant, "Teo");
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await assistant.GetAsync("/jobs")).StatusCode);
    }

    async Task<Core.Access.PortalViewer> ViewerAsync(System.Security.Claims.ClaimsPrincipal user)
    {
        await using var db = await world.Db.CreateDbContextAsync();
        return (await Core.Access.ProjectAccess.ViewerAsync(db, user))!;
    }
}
