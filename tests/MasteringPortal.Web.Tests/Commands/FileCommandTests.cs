using MasteringPortal.Audio;
using MasteringPortal.Audio.IO;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>A file that arrived whole is attached through the command path: access, the capabilities table, one save, one change.</summary>
public sealed class FileCommandTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    IProjectChangeFeed Feed => portal.Factory.Services.GetRequiredService<IProjectChangeFeed>();

    static ArrivedFile Mix(Guid projectId, Guid trackId) => new(projectId, trackId, FileAssetKind.Mix, null, "second_mix.wav",
        new StoredFile(new string('c', 64), new string('c', 64), 1234),
        new AudioFileInfo(new AudioFormat(48000, 2, 24, SampleEncoding.Pcm, "wav"), 48000 * 60));

    [Fact]
    public async Task A_new_mix_becomes_the_current_mix_with_a_timeline_line_and_one_published_change()
    {
        var (projectId, trackId, firstMix) = await portal.NewProjectAsync(ProjectStatus.Draft);
        var heard = new List<ProjectChange>();
        using var _ = Feed.Subscribe(projectId, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });

        var (asset, outcome) = await TestCommands.For(portal.Db, Feed).AttachFileAsync(portal.Ava, Mix(projectId, trackId));

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = await portal.Db.CreateDbContextAsync();
        var track = await db.Tracks.SingleAsync(t => t.Id == trackId);
        Assert.Equal(asset!.Id, track.CurrentMixId);
        Assert.NotEqual(firstMix, track.CurrentMixId);
        Assert.Equal((48000, 24, 60.0), ((int)asset.SampleRateHz!, (int)asset.BitDepth!, asset.DurationSeconds!.Value));
        Assert.Contains(await db.ProjectEvents.Where(e => e.ProjectId == projectId).ToListAsync(),
            e => e.Kind == ProjectEventKind.FileAdded && e.Description.Contains("New mix \"second_mix.wav\""));
        lock (heard) Assert.Equal([(ProjectChangeKind.Project, (Guid?)asset.Id)], heard.Select(c => (c.Kind, c.SubjectId)).ToList());
    }

    [Fact]
    public async Task A_client_cannot_attach_a_mix_after_submission_nor_to_another_clients_project()
    {
        var (projectId, trackId, firstMix) = await portal.NewProjectAsync(ProjectStatus.Submitted);
        var commands = TestCommands.For(portal.Db, Feed);

        var (late, lateOutcome) = await commands.AttachFileAsync(portal.Ava, Mix(projectId, trackId));
        var (foreign, foreignOutcome) = await commands.AttachFileAsync(portal.Ben, Mix(projectId, trackId));

        Assert.Null(late);
        Assert.Contains("has been submitted to the studio", lateOutcome.Message);
        Assert.Null(foreign);
        Assert.Equal(Core.Commands.ActionOutcome.NotYours, foreignOutcome);
        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.Equal(firstMix, (await db.Tracks.SingleAsync(t => t.Id == trackId)).CurrentMixId);
        Assert.Equal(1, await db.FileAssets.CountAsync(f => f.ProjectId == projectId));
    }
}
