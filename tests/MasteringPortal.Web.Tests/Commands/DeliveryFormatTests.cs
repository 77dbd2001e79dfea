using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>After submission the brief is settled for the client; the engineer may still add a file format, and the timeline says so.</summary>
public sealed class DeliveryFormatTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    [Fact]
    public async Task The_engineer_adds_a_format_to_a_submitted_brief_and_the_timeline_says_so()
    {
        var people = portal.People;
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress);

        Assert.True((await AddAsync(people.Engineer, projectId, trackId, DeliveryFormats.Mp3)).Succeeded);

        await using var db = await DbAsync();
        var brief = await db.Briefs.AsNoTracking().SingleAsync(b => b.TrackId == trackId);
        Assert.True(brief.DeliveryFormats.HasFlag(DeliveryFormats.Mp3));
        var line = await db.ProjectEvents.AsNoTracking().SingleAsync(e => e.ProjectId == projectId && e.Description.StartsWith("MP3 added"));
        Assert.Equal(EventAudience.Everyone, line.Audience);
    }

    [Fact]
    public async Task The_client_cannot_change_a_submitted_brief_this_way_and_another_client_is_not_told_it_exists()
    {
        var people = portal.People;
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress);

        var byClient = await AddAsync(people.Ava, projectId, trackId, DeliveryFormats.Aac);
        Assert.False(byClient.Succeeded);
        Assert.Contains("ask the engineer", byClient.Message);
        Assert.Equal(ActionOutcome.NotYours, await AddAsync(people.Ben, projectId, trackId, DeliveryFormats.Aac));
        Assert.False((await AddAsync(people.Engineer, projectId, trackId, DeliveryFormats.Aac | DeliveryFormats.Mp3)).Succeeded);

        await using var db = await DbAsync();
        Assert.False((await db.Briefs.AsNoTracking().SingleAsync(b => b.TrackId == trackId)).DeliveryFormats.HasFlag(DeliveryFormats.Aac));
    }

    async Task<ActionOutcome> AddAsync(System.Security.Claims.ClaimsPrincipal user, Guid projectId, Guid trackId, DeliveryFormats format)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProjectCommands>().AddDeliveryFormatAsync(user, projectId, trackId, format);
    }

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
