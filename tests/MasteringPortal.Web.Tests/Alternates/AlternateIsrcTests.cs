using System.Security.Claims;
using Bunit;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Alternates;

/// <summary>
/// An alternate version's own ISRC (docs/ALBUM.md, "Alternate versions"): the project page's panel shows it and lets the
/// client (or the engineer) set it until delivery, with the command's refusal in its words; and a track's own ISRC is
/// refused when an alternate of the project already has it, as an alternate's is when a track has it. People outside the
/// project are answered as if it did not exist.
/// </summary>
public sealed class AlternateIsrcTests : MudComponentTest, IClassFixture<ManualPortal>
{
    readonly ManualPortal portal;
    readonly ProjectCommands commands;

    public AlternateIsrcTests(ManualPortal portal)
    {
        this.portal = portal;
        commands = portal.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();
        ctx.Services.AddSingleton(portal.Db);
        ctx.Services.AddSingleton(commands);
    }

    /// <summary>Ava's project in progress: "Lantern" (track 1) with an instrumental, and "Ember" (track 2) whose ISRC is GBAYE2600511.</summary>
    async Task<(Guid ProjectId, Track Lantern, Track Ember)> ProjectAsync()
    {
        var people = await DemoPeople.ReadAsync(portal.Services);
        await using var db = await portal.Db.CreateDbContextAsync();
        var project = people.NewProjectOfAvas($"Codes {Guid.NewGuid():N}"[..16], ProjectStatus.InProgress, ProjectKind.EP);
        var lantern = new Track { ProjectId = project.Id, Title = "Lantern", Position = 1, Brief = new Brief() };
        var ember = new Track { ProjectId = project.Id, Title = "Ember", Position = 2, Brief = new Brief(), Isrc = "GBAYE2600511" };
        lantern.Alternates.Add(new TrackAlternate { TrackId = lantern.Id, Kind = AlternateKind.Instrumental });
        project.Tracks.AddRange([lantern, ember]);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return (project.Id, lantern, ember);
    }

    [Fact]
    public async Task A_tracks_isrc_is_refused_when_an_alternate_of_the_project_has_it_and_strangers_change_nothing()
    {
        var (projectId, lantern, ember) = await ProjectAsync();
        Assert.True((await commands.SetAlternateIsrcAsync(portal.Ava, projectId, lantern.Id, AlternateKind.Instrumental, "GB-AYE-26-00512")).Succeeded);

        // Ember may not take the instrumental's code, whoever asks and however it is written; another code is fine.
        foreach (var (who, typed) in new[] { (portal.Ava, "GBAYE2600512"), (portal.Engineer, "gb-aye-26-00512") })
        {
            var refused = await commands.SetTrackCreditsAsync(who, projectId, ember.Id, new TrackCredits(typed, "", ""));
            Assert.False(refused.Succeeded);
            Assert.Equal("The ISRC GBAYE2600512 is already the instrumental's of \"Lantern\"; each version of a recording has its own.", refused.Message);
        }
        // Nor may Lantern itself: its instrumental is another recording.
        Assert.False((await commands.SetTrackCreditsAsync(portal.Ava, projectId, lantern.Id, new TrackCredits("GBAYE2600512", "", ""))).Succeeded);
        Assert.True((await commands.SetTrackCreditsAsync(portal.Ava, projectId, ember.Id, new TrackCredits("GBAYE2600513", "", ""))).Succeeded);

        // Ben (a client of another project) and a client of another studio: as if the project did not exist.
        var stranger = DemoPeople.Principal(await OtherStudiosClientAsync());
        foreach (var outsider in new[] { portal.Ben, stranger })
        {
            Assert.Equal(ActionOutcome.NotYours, await commands.SetAlternateIsrcAsync(outsider, projectId, lantern.Id, AlternateKind.Instrumental, "GBAYE2600514"));
            Assert.Equal(ActionOutcome.NotYours, await commands.SetTrackCreditsAsync(outsider, projectId, lantern.Id, new TrackCredits("GBAYE2600515", "", "")));
        }
        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.Equal(("GBAYE2600513", (string?)null), (await db.Tracks.Where(t => t.Id == ember.Id).Select(t => t.Isrc).SingleAsync(),
            await db.Tracks.Where(t => t.Id == lantern.Id).Select(t => t.Isrc).SingleAsync()));
        Assert.Equal("GBAYE2600512", await db.TrackAlternates.Where(a => a.TrackId == lantern.Id).Select(a => a.Isrc).SingleAsync());
    }

    [Fact]
    public async Task The_panel_saves_the_alternates_isrc_shows_it_and_says_why_a_code_is_refused()
    {
        var (_, lantern, _) = await ProjectAsync();
        var panel = Panel(lantern, portal.AvaId, canEdit: true);
        panel.WaitForElement("[data-testid=alternate-isrc-input]");
        Assert.Equal("No ISRC yet: its delivered files carry none rather than the main master's.",
            panel.Find("[data-testid=alternate-isrc-saved]").TextContent.Trim());
        Assert.Equal("ISRC of the instrumental", panel.Find("[data-testid=alternate] label").TextContent.Trim());

        // Another track's code: refused in the command's words, nothing saved.
        panel.Find("input[data-testid=alternate-isrc-input]").Input("GBAYE2600511");
        panel.Find("[data-testid=alternate-isrc-save]").Click();
        panel.WaitForAssertion(() => Assert.Equal(
            "The ISRC GBAYE2600511 is already track 2's (\"Ember\"); each version of a recording has its own.",
            panel.Find("[data-testid=alternate-isrc-error]").TextContent.Trim()));

        // A valid code, typed as people type it: saved, normalised, shown, the refusal gone.
        panel.Find("input[data-testid=alternate-isrc-input]").Input("gb-aye-26-00516");
        panel.Find("[data-testid=alternate-isrc-save]").Click();
        panel.WaitForAssertion(() => Assert.Equal("ISRC: GBAYE2600516", panel.Find("[data-testid=alternate-isrc-saved]").TextContent.Trim()));
        Assert.Empty(panel.FindAll("[data-testid=alternate-isrc-error]"));
        await using (var db = await portal.Db.CreateDbContextAsync())
            Assert.Equal("GBAYE2600516", await db.TrackAlternates.Where(a => a.TrackId == lantern.Id).Select(a => a.Isrc).SingleAsync());

        // Without the right to change it (a delivered project), the code is shown and nothing can be typed.
        var readOnly = Panel(lantern, portal.AvaId, canEdit: false);
        readOnly.WaitForElement("[data-testid=alternate-isrc-saved]");
        Assert.Equal("ISRC: GBAYE2600516", readOnly.Find("[data-testid=alternate-isrc-saved]").TextContent.Trim());
        Assert.Empty(readOnly.FindAll("[data-testid=alternate-isrc-input]"));
    }

    Bunit.TestDoubles.BunitAuthorizationContext? authorization;

    /// <summary>The panel as <paramref name="userId"/> sees it, opened (it loads when opened).</summary>
    IRenderedComponent<AlternateVersions> Panel(Track track, string userId, bool canEdit)
    {
        var auth = authorization ??= ctx.AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        var panel = ctx.Render<AlternateVersions>(ps => ps.Add(p => p.Track, track).Add(p => p.CanEditIsrc, canEdit));
        panel.Find(".mud-expand-panel-header").Click();
        return panel;
    }

    /// <summary>A client of another studio; their user id.</summary>
    async Task<string> OtherStudiosClientAsync() => (await AlternateStems.OtherStudiosClientAsync(portal)).UserId;
}
