using MasteringPortal.Audio.Album;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The album view's commands (issue 20): the engineer orders, places and balances the tracks and asks for an assembly
/// whose frozen sequence says which master each track uses and what gain balance needs; the client enters release details
/// but cannot sequence; another client is told nothing; bad codes and impossible layouts are refused in words; an
/// assembly's files do not exist for the client.
/// </summary>
public sealed class AlbumCommandTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    /// <summary>An InProgress project of Ava's with tracks whose latest revisions are Ready with a 24-bit master at the given loudness (null: no master).</summary>
    async Task<(Guid ProjectId, List<Guid> Tracks)> AlbumAsync(params double?[] lufs)
    {
        var (projectId, firstTrack, _) = await portal.NewProjectAsync(ProjectStatus.InProgress);
        await using var db = await DbAsync();
        var tracks = new List<Guid> { firstTrack };
        for (var i = 1; i < lufs.Length; i++)
        {
            var track = new Track { ProjectId = projectId, Title = $"Song {i + 1}", Position = i + 1, Brief = new Brief() };
            db.Tracks.Add(track);
            tracks.Add(track.Id);
        }
        await db.SaveChangesAsync();
        for (var i = 0; i < lufs.Length; i++)
        {
            if (lufs[i] is not { } l) continue;
            var revision = new Revision
            {
                TrackId = tracks[i], Number = 1, Status = RevisionStatus.Ready,
                RenderReportJson = new RenderReport(l, 6, -1, 0, 1, [], []).ToJson(),
            };
            db.Revisions.Add(revision);
            db.FileAssets.Add(new FileAsset
            {
                ProjectId = projectId, TrackId = tracks[i], RevisionId = revision.Id, Kind = FileAssetKind.Master, OriginalName = $"song {i + 1}.wav",
                Format = "wav", BitDepth = 24, SampleRateHz = 48000, Channels = 2, DurationSeconds = 180 + i, Sha256 = new string((char)('a' + i), 64),
                StorageKey = new string((char)('a' + i), 64),
            });
        }
        await db.SaveChangesAsync();
        return (projectId, tracks);
    }

    static TrackPlacement Placement(double pause = 2, double crossfade = 0, double? level = null, double fadeOut = 0) =>
        new(pause, crossfade, FadeCurve.EqualPower, 0, fadeOut, FadeCurve.Exponential, 0, 0, level);

    [Fact]
    public async Task The_engineer_sequences_balances_and_assembles_and_the_frozen_sequence_says_what_was_used()
    {
        var (projectId, t) = await AlbumAsync(-9, -10, -12);
        var commands = Commands();
        var engineer = portal.People.Engineer;

        Assert.True((await commands.ReorderAlbumAsync(engineer, projectId, [t[0], t[2], t[1]])).Succeeded);
        Assert.True((await commands.SetTrackPlacementAsync(engineer, projectId, t[2], Placement(pause: 0, crossfade: 3, level: -2))).Succeeded);
        Assert.True((await commands.SetTrackPlacementAsync(engineer, projectId, t[1], Placement(pause: 3, level: -2, fadeOut: 4))).Succeeded);
        Assert.True((await commands.SetReleaseInfoAsync(engineer, projectId, new ReleaseInfo("The Band", "012345678905", "Label", 2026))).Succeeded);
        var jobs = new RecordingJobs();
        var queued = await commands.AssembleAlbumAsync(engineer, projectId, forCd: true, jobs);

        Assert.True(queued.Outcome.Succeeded, queued.Outcome.Message);
        Assert.Equal([queued.AssemblyId!.Value], jobs.Albums);
        await using var db = await DbAsync();
        var assembly = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.Id == queued.AssemblyId);
        var sequence = AlbumSequence.FromJson(assembly.SequenceJson)!;
        Assert.Equal([t[0], t[2], t[1]], sequence.Tracks.Select(x => x.TrackId));
        Assert.True(sequence.ForCd);
        Assert.Equal("012345678905", sequence.UpcEan);
        Assert.Equal((3.0, 0.0), (sequence.Tracks[1].CrossfadeSeconds, sequence.Tracks[1].PauseBeforeSeconds));
        Assert.Equal(4.0, sequence.Tracks[2].FadeOutSeconds);
        // Balance against the anchor (track 1, -9 LUFS): song 2 (-10) set 2 LU under it is cut by 1 dB; song 3 (-12) would need
        // +1 dB its limited master does not have: no gain, and a note saying to render it 1 LU louder.
        Assert.Equal(-1.0, sequence.Tracks.Single(x => x.TrackId == t[1]).GainDb);
        Assert.Equal(0.0, sequence.Tracks.Single(x => x.TrackId == t[2]).GainDb);
        Assert.Contains(sequence.Notes!, n => n.Contains("render it 1.0 LU louder (at -11.0 LUFS)"));
        Assert.All(sequence.Tracks, x => Assert.Equal(1, x.RevisionNumber));
        Assert.Equal("The Band", sequence.Tracks[0].Artists); // the album artist when the track names none
        Assert.Equal(1, assembly.Number);
    }

    [Fact]
    public async Task The_client_enters_release_details_but_cannot_sequence_and_another_client_is_told_nothing()
    {
        var (projectId, t) = await AlbumAsync(-9, -10);
        var commands = Commands();
        var (ava, ben) = (portal.People.Ava, portal.People.Ben);

        var reorder = await commands.ReorderAlbumAsync(ava, projectId, [t[1], t[0]]);
        Assert.Contains("Only the engineer sequences the album", reorder.Message);
        Assert.False((await commands.AssembleAlbumAsync(ava, projectId, false, new RecordingJobs())).Outcome.Succeeded);
        Assert.True((await commands.SetTrackCreditsAsync(ava, projectId, t[0], new TrackCredits("gb-abc-24-00001", "Ava", "Ava Lind"))).Succeeded);

        Assert.Equal(ActionOutcome.NotYours, await commands.ReorderAlbumAsync(ben, projectId, [t[1], t[0]]));
        Assert.Equal(ActionOutcome.NotYours, await commands.SetTrackCreditsAsync(ben, projectId, t[0], new TrackCredits(null, "x", "y")));
        Assert.Equal(ActionOutcome.NotYours, (await commands.AssembleAlbumAsync(ben, projectId, false, new RecordingJobs())).Outcome);

        await using var db = await DbAsync();
        var tracks = await db.Tracks.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Position).ToListAsync();
        Assert.Equal(t, tracks.Select(x => x.Id));
        Assert.Equal(("GBABC2400001", "Ava"), (tracks[0].Isrc, tracks[0].Artists));
    }

    [Fact]
    public async Task Bad_codes_and_settings_are_refused_in_words_and_nothing_changes()
    {
        var (projectId, t) = await AlbumAsync(-9, -10);
        var commands = Commands();
        var engineer = portal.People.Engineer;
        Assert.True((await commands.SetTrackCreditsAsync(engineer, projectId, t[0], new TrackCredits("GBABC2400001", "", ""))).Succeeded);

        var duplicate = await commands.SetTrackCreditsAsync(engineer, projectId, t[1], new TrackCredits("GB-ABC-24-00001", "", ""));
        Assert.Contains("already track 1's", duplicate.Message);
        var shortIsrc = await commands.SetTrackCreditsAsync(engineer, projectId, t[1], new TrackCredits("GB-ABC-24-0001", "", ""));
        Assert.False(shortIsrc.Succeeded);
        Assert.Contains("12", shortIsrc.Message);
        var upc = await commands.SetReleaseInfoAsync(engineer, projectId, new ReleaseInfo("", "012345678901", "", null));
        Assert.False(upc.Succeeded);
        Assert.Contains("check digit", upc.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("between 0 and 60", (await commands.SetTrackPlacementAsync(engineer, projectId, t[1], Placement(pause: -1))).Message);
        Assert.Contains("every track", (await commands.ReorderAlbumAsync(engineer, projectId, [t[0], t[0]])).Message);

        await using var db = await DbAsync();
        var second = await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[1]);
        Assert.Null(second.Isrc);
        Assert.Equal(2.0, second.PauseBeforeSeconds);
        Assert.Null((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).UpcEan);
    }

    [Fact]
    public async Task An_assembly_is_refused_while_a_track_has_no_master_or_a_crossfade_is_longer_than_a_track()
    {
        var (projectId, t) = await AlbumAsync(-9, null);
        var commands = Commands();
        var engineer = portal.People.Engineer;

        var noMaster = await commands.AssembleAlbumAsync(engineer, projectId, false, new RecordingJobs());
        Assert.Contains("Track 2 (\"Song 2\") has no finished master yet", noMaster.Outcome.Message);

        var (other, u) = await AlbumAsync(-9, -9);
        // Track 1 trimmed to 30 s, and a 100 s crossfade into track 2.
        Assert.True((await commands.SetTrackPlacementAsync(engineer, other, u[0], Placement() with { TrimEndSeconds = 150 })).Succeeded);
        Assert.True((await commands.SetTrackPlacementAsync(engineer, other, u[1], Placement(crossfade: 100))).Succeeded);
        var tooLong = await commands.AssembleAlbumAsync(engineer, other, false, new RecordingJobs());
        Assert.Contains("crossfade", tooLong.Outcome.Message);
        await using var db = await DbAsync();
        Assert.False(await db.AlbumAssemblies.AnyAsync(a => a.ProjectId == projectId || a.ProjectId == other));
    }

    [Fact]
    public async Task An_assembly_s_files_do_not_exist_for_the_client_but_the_engineer_hears_them()
    {
        var (projectId, _) = await AlbumAsync(-9, -10);
        await using var db = await DbAsync();
        var preview = new FileAsset
        {
            ProjectId = projectId, Kind = FileAssetKind.AlbumPreview, OriginalName = "album (preview).mp3", Format = "mp3",
            Sha256 = new string('f', 64), StorageKey = new string('f', 64),
        };
        db.FileAssets.Add(preview);
        await db.SaveChangesAsync();

        var ava = await db.ViewerAsync(portal.People.Ava);
        var engineer = await db.ViewerAsync(portal.People.Engineer);
        Assert.Equal(FileDecision.NotFound, (await FileAccessRules.DecideAsync(db, ava, preview.Id)).Decision);
        Assert.Equal(FileDecision.Allowed, (await FileAccessRules.DecideAsync(db, engineer, preview.Id)).Decision);
    }

    [Fact]
    public async Task The_album_pages_render_for_the_project_s_people_even_without_tracks_and_send_a_stranger_to_not_found()
    {
        var (projectId, t) = await AlbumAsync(-9, -10);
        Guid empty;
        await using (var db = await DbAsync())
        {
            var project = portal.People.NewProjectOfAvas("No tracks yet", ProjectStatus.Draft);
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            empty = project.Id;
        }

        using var engineer = await SignedInAsync(MasteringPortal.Web.Demo.DemoSeeder.EngineerEmail);
        var page = await engineer.GetStringAsync($"/projects/{projectId}/album");
        Assert.Contains("data-testid=\"album-order\"", page);
        Assert.Contains("Song 2", page);
        Assert.Contains("no tracks yet", await engineer.GetStringAsync($"/projects/{empty}/album"));
        Assert.Contains("No album has been assembled yet", await engineer.GetStringAsync($"/projects/{projectId}/album/review"));

        using var ava = await SignedInAsync(MasteringPortal.Web.Demo.DemoSeeder.ClientEmail);
        Assert.Contains("has not posted the album", await ava.GetStringAsync($"/projects/{projectId}/album/review"));
        using var ben = await SignedInAsync(MasteringPortal.Web.Demo.DemoSeeder.SecondClientEmail);
        var refused = await ben.GetAsync($"/projects/{projectId}/album");
        Assert.EndsWith("/not-found", refused.Headers.Location?.OriginalString);
        Assert.DoesNotContain("Song 2", await refused.Content.ReadAsStringAsync());
    }

    async Task<HttpClient> SignedInAsync(string email)
    {
        var http = portal.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await MasteringPortal.Web.Tests.Http.Forms.SignInAsync(http, email, MasteringPortal.Web.Demo.DemoSeeder.Password);
        return http;
    }

    ProjectCommands Commands() => portal.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
