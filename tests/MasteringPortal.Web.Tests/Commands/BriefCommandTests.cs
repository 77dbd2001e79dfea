using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The brief editor's edits reach the database only through the command path: the page's session sends what was
/// edited, the command checks access, the stage and the brief's rules, saves against the version the page read and
/// publishes once; a conflict keeps the page's edits, and what someone else saved meanwhile is not written over.
/// </summary>
public sealed class BriefCommandTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    ProjectCommands Commands => TestCommands.For(portal.Db, portal.Factory.Services.GetRequiredService<IProjectChangeFeed>());

    async Task<ProjectSession> OpenAsync(Guid projectId, bool asEngineer = false) =>
        await ProjectSession.OpenAsync(portal.Db, asEngineer ? portal.Engineer : portal.Ava, projectId)
        ?? throw new InvalidOperationException("The project did not open.");

    async Task<Brief> StoredBriefAsync(Guid trackId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        return await db.Briefs.AsNoTracking().Include(b => b.References).Include(b => b.ProblemNotes).SingleAsync(b => b.TrackId == trackId);
    }

    [Fact]
    public async Task Brief_edits_are_saved_through_the_command_path_and_published_once()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Draft);
        var heard = new List<ProjectChange>();
        using var _ = portal.Factory.Services.GetRequiredService<IProjectChangeFeed>()
            .Subscribe(projectId, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });
        await using var session = await OpenAsync(projectId);
        var brief = session.Project.Tracks.Single().Brief!;
        brief.Genre = "Shoegaze";
        brief.Notes = "Keep the guitars wide.";
        brief.References.Add(new ReferenceTrack { Title = "Slowdive – Alison", WhatToTake = "The haze" });
        brief.ProblemNotes.Add(new ProblemNote { StartSeconds = 72, EndSeconds = 90, Text = "Harsh snare" });
        Assert.True(session.HasUnsavedEdits);

        var outcome = await session.SaveBriefsAsync(Commands);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.False(session.HasUnsavedEdits);
        var stored = await StoredBriefAsync(trackId);
        Assert.Equal(("Shoegaze", "Keep the guitars wide."), (stored.Genre, stored.Notes));
        Assert.Equal("Slowdive – Alison", Assert.Single(stored.References).Title);
        Assert.Equal((72.0, (double?)90.0, "Harsh snare"), (Assert.Single(stored.ProblemNotes) is var n ? (n.StartSeconds, n.EndSeconds, n.Text) : default));
        lock (heard) Assert.Equal([ProjectChangeKind.Project], heard.Select(c => c.Kind).ToList());

        // Removing a reference travels too.
        session.Project.Tracks.Single().Brief!.References.Clear();
        Assert.True((await session.SaveBriefsAsync(Commands)).Succeeded);
        Assert.Empty((await StoredBriefAsync(trackId)).References);
    }

    [Fact]
    public async Task A_brief_that_breaks_its_rules_is_refused_and_the_edits_stay_on_the_page()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Draft);
        await using var session = await OpenAsync(projectId);
        var brief = session.Project.Tracks.Single().Brief!;
        brief.TargetPlatforms = TargetPlatforms.Custom;
        brief.CustomTargetLufs = -2;

        var outcome = await session.SaveBriefsAsync(Commands);

        Assert.False(outcome.Succeeded);
        Assert.Contains("outside -30 to -5 LUFS", outcome.Message);
        Assert.True(session.HasUnsavedEdits);
        Assert.Equal(-2, session.Project.Tracks.Single().Brief!.CustomTargetLufs);
        Assert.Null((await StoredBriefAsync(trackId)).CustomTargetLufs);
    }

    [Fact]
    public async Task A_conflict_keeps_the_pages_edits_and_a_second_save_stores_them_without_undoing_the_other_persons_change()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Draft);
        await using var client = await OpenAsync(projectId);
        await using var engineer = await OpenAsync(projectId, asEngineer: true);
        engineer.Project.Tracks.Single().Brief!.Genre = "Dream pop";
        Assert.True((await engineer.SaveBriefsAsync(Commands)).Succeeded);

        client.Project.Tracks.Single().Brief!.Notes = "More air on the vocal.";
        var first = await client.SaveBriefsAsync(Commands);

        Assert.False(first.Succeeded);
        Assert.Contains("Someone else changed this brief", first.Message);
        Assert.Equal("More air on the vocal.", client.Project.Tracks.Single().Brief!.Notes);
        Assert.Equal("", (await StoredBriefAsync(trackId)).Notes);

        var second = await client.SaveBriefsAsync(Commands);
        Assert.True(second.Succeeded, second.Message);
        var stored = await StoredBriefAsync(trackId);
        Assert.Equal(("Dream pop", "More air on the vocal."), (stored.Genre, stored.Notes));
    }

    [Fact]
    public async Task A_reference_file_attached_meanwhile_is_not_written_over_by_the_pages_edit_of_that_reference()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Draft);
        await using var setup = await OpenAsync(projectId);
        setup.Project.Tracks.Single().Brief!.References.Add(new ReferenceTrack { Title = "Ref" });
        Assert.True((await setup.SaveBriefsAsync(Commands)).Succeeded);
        await using var page = await OpenAsync(projectId);

        // The server attaches an uploaded file to the reference while the page edits what to take from it.
        var referenceId = Assert.Single((await StoredBriefAsync(trackId)).References).Id;
        Guid fileId;
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var file = new FileAsset
            {
                ProjectId = projectId, TrackId = trackId, Kind = FileAssetKind.Reference, OriginalName = "ref.wav", Format = "wav",
                SizeBytes = 10, Sha256 = new string('b', 64), StorageKey = new string('b', 64),
            };
            db.FileAssets.Add(file);
            var brief = await db.Briefs.Include(b => b.References).SingleAsync(b => b.TrackId == trackId);
            brief.References.Single().FileAssetId = fileId = file.Id;
            await db.SaveChangesAsync();
        }
        page.Project.Tracks.Single().Brief!.References.Single().WhatToTake = "The low end";

        Assert.False((await page.SaveBriefsAsync(Commands)).Succeeded);
        Assert.True((await page.SaveBriefsAsync(Commands)).Succeeded);

        var stored = Assert.Single((await StoredBriefAsync(trackId)).References);
        Assert.Equal((referenceId, (Guid?)fileId, "The low end"), (stored.Id, stored.FileAssetId, stored.WhatToTake));
    }

    [Fact]
    public async Task The_command_refuses_a_submitted_projects_brief_and_a_stranger_and_saves_nothing()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.Submitted);
        var brief = await StoredBriefAsync(trackId);
        var edit = new BriefEdit(brief.Id, brief.Version, new Dictionary<string, object?> { [nameof(Brief.Notes)] = "Late change" }, [], [], [], []);

        var asAva = await Commands.SaveBriefsAsync(portal.Ava, projectId, [edit]);
        var asBen = await Commands.SaveBriefsAsync(portal.Ben, projectId, [edit]);

        Assert.Equal("The brief can only be changed before the project is submitted.", asAva.Message);
        Assert.Equal(Core.Commands.ActionOutcome.NotYours, asBen);
        Assert.Equal("", (await StoredBriefAsync(trackId)).Notes);
    }
}
