using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The album view's drawings and index points (issue 20 §1, docs/ALBUM.md): every analysed master is drawn as a waveform
/// with an accessible name and the shape of its audio, a master not analysed yet says so, the spectra overlay has a curve
/// per analysed track against the anchor at the same loudness with a sentence each; index points are checked in words,
/// stored, frozen into the assembly and shown in the CD's table of contents; the client cannot set them and another client
/// is told nothing.
/// </summary>
public sealed class AlbumViewDrawingTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    const int Rate = 44100;

    /// <summary>
    /// An InProgress project of Ava's whose tracks each have a Ready revision with a 24-bit master, analysed as given
    /// (null: the master has no analysis yet), the master as long as its analysis says (else 180 s + its number).
    /// </summary>
    async Task<(Guid ProjectId, List<Guid> Tracks)> AlbumAsync(params IntakeAnalysis?[] analyses)
    {
        var (projectId, firstTrack, _) = await portal.NewProjectAsync(ProjectStatus.InProgress);
        await using var db = await DbAsync();
        var tracks = new List<Guid> { firstTrack };
        for (var i = 1; i < analyses.Length; i++)
        {
            var track = new Track { ProjectId = projectId, Title = $"Song {i + 1}", Position = i + 1, Brief = new Brief() };
            db.Tracks.Add(track);
            tracks.Add(track.Id);
        }
        await db.SaveChangesAsync();
        for (var i = 0; i < analyses.Length; i++)
        {
            var analysis = analyses[i];
            var revision = new Revision
            {
                TrackId = tracks[i], Number = 1, Status = RevisionStatus.Ready,
                RenderReportJson = new RenderReport(analysis?.IntegratedLufs ?? -10, 6, -1, 0, 1, [], []).ToJson(),
            };
            db.Revisions.Add(revision);
            var master = new FileAsset
            {
                ProjectId = projectId, TrackId = tracks[i], RevisionId = revision.Id, Kind = FileAssetKind.Master, OriginalName = $"song {i + 1}.wav",
                Format = "wav", BitDepth = 24, SampleRateHz = Rate, Channels = 2, DurationSeconds = analysis?.DurationSeconds ?? 180 + i,
                Sha256 = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), StorageKey = Guid.NewGuid().ToString("N"),
            };
            db.FileAssets.Add(master);
            if (analysis is not null)
                db.Analyses.Add(new Analysis
                {
                    FileAssetId = master.Id, IntegratedLufs = analysis.IntegratedLufs, LoudnessRangeLu = analysis.LoudnessRangeLu,
                    TruePeakDbtp = analysis.TruePeakDbtp, SamplePeakDbfs = analysis.SamplePeakDbfs, ResultJson = analysis.ToJson(),
                });
        }
        await db.SaveChangesAsync();
        return (projectId, tracks);
    }

    /// <summary>
    /// 4 s of stereo noise, analysed by the engine: white, or through a one-pole low-pass; optionally rising from silence
    /// over its first half (so its waveform has a shape to check), at <paramref name="gain"/> of ±0.25.
    /// </summary>
    static IntakeAnalysis Noise(int seed, double lowPassHz = 0, double gain = 1, bool rising = false)
    {
        var frames = 4 * Rate;
        var samples = new float[frames * 2];
        var random = new Random(seed);
        var a = lowPassHz > 0 ? 1 - Math.Exp(-2 * Math.PI * lowPassHz / Rate) : 1;
        double left = 0, right = 0;
        for (var i = 0; i < frames; i++)
        {
            left += a * (random.NextDouble() * 2 - 1 - left);
            right += a * (random.NextDouble() * 2 - 1 - right);
            var envelope = rising ? Math.Min(1, i / (frames / 2.0)) : 1;
            var scale = 0.25 * gain * envelope * (lowPassHz > 0 ? 4 : 1);
            samples[2 * i] = (float)(left * scale);
            samples[2 * i + 1] = (float)(right * scale);
        }
        return TestMixes.Analyse(DemoWav.Encode24(samples, 2, Rate, ditherSeed: 7));
    }

    [Fact]
    public async Task The_album_page_draws_each_master_s_waveform_the_spectra_against_the_anchor_and_the_CD_index_points()
    {
        // Track 1 (the anchor) rises from silence; track 2 is the same noise low-passed at 300 Hz; track 3 is the anchor's
        // noise 6 dB down (at the same loudness it is the anchor's spectrum); track 4's master is not analysed yet.
        var (projectId, t) = await AlbumAsync(Noise(1, rising: true), Noise(1, lowPassHz: 300), Noise(1, gain: 0.5, rising: true), null);
        var commands = Commands();
        Assert.True((await commands.SetTrackIndexPointsAsync(portal.People.Engineer, projectId, t[0], [1.5, 3])).Succeeded);
        await AssembledForCdAsync(projectId, indexFrame: 150 + 113);

        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        var page = new HtmlParser().ParseDocument(await engineer.GetStringAsync($"/projects/{projectId}/album"));

        var waves = page.QuerySelectorAll("svg[data-testid=album-waveform]");
        Assert.Equal(3, waves.Length);
        Assert.Equal(["Waveform of Song, 0:04; index points at 0:01.50 and 0:03", "Waveform of Song 2, 0:04", "Waveform of Song 3, 0:04"],
            waves.Select(w => w.GetAttribute("aria-label")));
        Assert.All(waves, w => Assert.Equal("img", w.GetAttribute("role")));
        // The anchor's noise rises over its first half: the outline is thin at the start and full from the middle on.
        var top = TopEdge(waves[0].QuerySelector("path")!.GetAttribute("d")!);
        Assert.True(top.Count >= 300, $"{top.Count} columns");
        var middle = AlbumWaveformsHeight / 2.0; // the noise peaks at a quarter of full scale: 5.5 of the 22 units above the middle
        Assert.True(middle - top[3] < 1, $"start {top[3]}");
        Assert.True(middle - top[^4] > 4, $"end {top[^4]}");
        Assert.Equal(2, waves[0].QuerySelectorAll("[data-testid=album-waveform-index]").Length);
        var missing = Assert.Single(page.QuerySelectorAll("[data-testid=album-waveform-missing]"));
        Assert.Contains("not been analysed", missing.TextContent);

        // The album timeline: four tracks (three drawn, one a grey box), named in order with their gaps.
        var timeline = page.QuerySelector("[data-testid=album-timeline] svg")!;
        Assert.Equal(3, timeline.QuerySelectorAll("[data-testid=album-timeline-track]").Length);
        Assert.Contains("2. Song 2 from 0:08, after a 2 s pause", timeline.GetAttribute("aria-label"));

        // The spectra: one curve per analysed track, the anchor flat at 0 dB, named in the legend; a sentence for each other track.
        var chart = page.QuerySelector("[data-testid=album-spectra-chart]")!;
        var curves = chart.QuerySelectorAll("path.series");
        Assert.Equal(["1. Song (anchor)", "2. Song 2", "3. Song 3"], curves.Select(c => c.GetAttribute("data-series")));
        Assert.Equal(3, chart.QuerySelectorAll(".line-chart-legend span").Length);
        Assert.Equal(3, chart.QuerySelectorAll("text.tick").Count(x => x.TextContent is "20" or "1k" or "20k"));
        Assert.Equal("album-spectra-words", chart.QuerySelector("svg")!.GetAttribute("aria-describedby"));
        var sentences = page.QuerySelectorAll("[data-testid=album-spectra-words] li").Select(li => li.TextContent).ToList();
        Assert.Equal(3, sentences.Count);
        Assert.Matches(@"^Song 2: \d+\.\d dB more below 100 Hz, .*\d+\.\d dB less above 4 kHz than the anchor\.$", sentences[0]);
        Assert.Equal("Song 3: within 0.5 dB of the anchor in every range.", sentences[1]);
        Assert.Equal("Song 4: not drawn, its master has no analysis yet.", sentences[2]);

        // The index points in the editor, and index 02 in the assembled CD's table of contents.
        Assert.Equal(["Index 02 at 0:01.50", "Index 03 at 0:03"],
            page.QuerySelectorAll("[data-testid=album-index-point]").Select(li => li.QuerySelector("span")!.TextContent.Trim()));
        Assert.Equal("02 at 00:03:38", page.QuerySelectorAll("[data-testid=album-toc-index]")[0].TextContent.Trim());
    }

    [Fact]
    public async Task Index_points_outside_the_track_out_of_order_or_too_close_are_refused_in_words_and_good_ones_are_stored_and_frozen()
    {
        var (projectId, t) = await AlbumAsync(null, null); // masters of 180 s and 181 s
        var commands = Commands();
        var engineer = portal.People.Engineer;
        await using (var db = await DbAsync())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            project.SequenceApprovedAt = DateTimeOffset.UtcNow;
            (await db.Tracks.SingleAsync(x => x.Id == t[1])).TrimEndSeconds = 100; // track 2 plays 81 s
            await db.SaveChangesAsync();
        }

        async Task<string> Refused(Guid track, params double[] seconds)
        {
            var outcome = await commands.SetTrackIndexPointsAsync(engineer, projectId, track, seconds);
            Assert.False(outcome.Succeeded, string.Join(", ", seconds));
            return outcome.Message!;
        }
        Assert.Equal("Index 03 at 3:20 is not inside the track: it plays for 3:00 after the trims, and an index point needs at least 1 s before its end.",
            await Refused(t[0], 60, 200));
        Assert.Contains("Index 02 at 1:30 is not inside the track: it plays for 1:21 after the trims", await Refused(t[1], 90));
        Assert.Equal("Index 03 at 0:30 comes before index 02 at 1:00: index points run in order through the track.", await Refused(t[0], 60, 30));
        Assert.Equal("Index 03 at 1:00.50 is only 0.5 s after index 02 at 1:00: keep index points at least 1 s apart.", await Refused(t[0], 60, 60.5));
        Assert.Equal("There are two index points at 1:00: remove one.", await Refused(t[0], 60, 60));
        Assert.Equal("Index 02 at 0:00.50 is too close to the start of the track (index 01): put it at least 1 s in.", await Refused(t[0], 0.5));
        Assert.Contains("at most 98 index points", await Refused(t[0], Enumerable.Range(1, 99).Select(s => (double)s).ToArray()));
        Assert.Contains("not a time in the track", await Refused(t[0], double.NaN));
        await using (var db = await DbAsync())
        {
            Assert.All(await db.Tracks.AsNoTracking().Where(x => x.ProjectId == projectId).ToListAsync(), x => Assert.Empty(x.IndexPointsSeconds));
            Assert.NotNull((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).SequenceApprovedAt);
        }

        Assert.True((await commands.SetTrackIndexPointsAsync(engineer, projectId, t[0], [72.5, 130.25])).Succeeded);
        Assert.True((await commands.SetTrackIndexPointsAsync(engineer, projectId, t[1], [1, 79.9])).Succeeded);
        await using (var db = await DbAsync())
        {
            Assert.Equal([72.5, 130.25], (await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).IndexPointsSeconds);
            Assert.Null((await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId)).SequenceApprovedAt); // a change to the sequence
        }

        var queued = await commands.AssembleAlbumAsync(engineer, projectId, forCd: true, new RecordingJobs());
        Assert.True(queued.Outcome.Succeeded, queued.Outcome.Message);
        await using (var db = await DbAsync())
        {
            var sequence = AlbumSequence.FromJson((await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.Id == queued.AssemblyId)).SequenceJson)!;
            Assert.Equal([72.5, 130.25], sequence.Tracks[0].IndexSeconds);
            Assert.Equal([72.5, 130.25], sequence.Tracks[0].Plan().IndexSeconds);
            Assert.Equal([1, 79.9], sequence.Tracks[1].IndexSeconds);
        }

        // Removing them all leaves the track with index 01 only.
        Assert.True((await commands.SetTrackIndexPointsAsync(engineer, projectId, t[0], [])).Succeeded);
        await using (var db = await DbAsync())
            Assert.Empty((await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).IndexPointsSeconds);
    }

    [Fact]
    public async Task The_client_cannot_set_index_points_and_another_client_is_told_nothing()
    {
        var (projectId, t) = await AlbumAsync(null, null);
        var commands = Commands();

        var ava = await commands.SetTrackIndexPointsAsync(portal.People.Ava, projectId, t[0], [60]);
        Assert.False(ava.Succeeded);
        Assert.Contains("Only the engineer sequences the album", ava.Message);
        Assert.Equal(ActionOutcome.NotYours, await commands.SetTrackIndexPointsAsync(portal.People.Ben, projectId, t[0], [60]));

        await using var db = await DbAsync();
        Assert.Empty((await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).IndexPointsSeconds);

        // Nor does her album page offer them.
        using var client = await SignedInAsync(DemoSeeder.ClientEmail);
        var page = await client.GetStringAsync($"/projects/{projectId}/album");
        Assert.Contains("data-testid=\"album-order\"", page);
        Assert.DoesNotContain("album-index-points", page);
    }

    [Fact]
    public async Task Trims_that_would_leave_an_index_point_outside_the_track_are_refused_and_nothing_is_saved()
    {
        // Two tracks of 180 and 181 s (no analyses: their masters' lengths only); an index point at 2:55 into the first.
        var (projectId, t) = await AlbumAsync(null, null);
        var commands = Commands();
        Assert.True((await commands.SetTrackIndexPointsAsync(portal.People.Engineer, projectId, t[0], [175])).Succeeded);

        TrackPlacement Trimmed(double end) => new(2, 0, Audio.Album.FadeCurve.EqualPower, 0, 0, Audio.Album.FadeCurve.Exponential, 0, end, null);
        var refused = await commands.SetTrackPlacementAsync(portal.People.Engineer, projectId, t[0], Trimmed(10));
        Assert.False(refused.Succeeded);
        Assert.Contains("With these trims the track's index points no longer fit: Index 02 at 2:55 is not inside the track", refused.Message);
        await using (var db = await DbAsync())
            Assert.Equal(0, (await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).TrimEndSeconds);

        // A trim that leaves the point inside (2:55 of 3:00 − 4 s = 2:56, one second before the end) is saved.
        Assert.True((await commands.SetTrackPlacementAsync(portal.People.Engineer, projectId, t[0], Trimmed(4))).Succeeded);
        await using (var db = await DbAsync())
            Assert.Equal(4, (await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).TrimEndSeconds);
    }

    [Fact]
    public async Task A_single_has_a_release_page_for_its_credits_and_codes_without_a_running_order_or_assembly()
    {
        var (projectId, t) = await AlbumAsync(Noise(31));

        // The project page links a single to its release details (an album's link is to its running order).
        using var client = await SignedInAsync(DemoSeeder.ClientEmail);
        var projectPage = await client.GetStringAsync($"/projects/{projectId}");
        Assert.Contains("data-testid=\"release-link\"", projectPage);
        Assert.DoesNotContain("data-testid=\"album-link\"", projectPage);

        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        var page = new HtmlParser().ParseDocument(await engineer.GetStringAsync($"/projects/{projectId}/album"));
        Assert.StartsWith("Release:", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=album-order]"));
        Assert.Null(page.QuerySelector("[data-testid=album-assembly]"));
        Assert.Null(page.QuerySelector("[data-testid=album-review-link]"));
        Assert.NotNull(page.QuerySelector("[data-testid=album-release]"));
        Assert.Single(page.QuerySelectorAll("[data-testid=credits-row]"));

        // The client enters the single's ISRC there, as for an album's tracks.
        var saved = await Commands().SetTrackCreditsAsync(portal.People.Ava, projectId, t[0], new TrackCredits("GB-ABC-26-00042", "Ava Lind", "A. Lind"));
        Assert.True(saved.Succeeded, saved.Message);
        await using var db = await DbAsync();
        Assert.Equal("GBABC2600042", (await db.Tracks.AsNoTracking().SingleAsync(x => x.Id == t[0])).Isrc);
    }

    /// <summary>A finished CD assembly of the project whose report's table of contents puts track 1's index 02 at <paramref name="indexFrame"/>.</summary>
    async Task AssembledForCdAsync(Guid projectId, long indexFrame)
    {
        await using var db = await DbAsync();
        var tracks = await db.Tracks.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Position).ToListAsync();
        var cd = new CdProgramme(tracks.Select((x, i) => new CdTrack(i + 1, i * 450, i * 450 + 150, ExtraIndexFrames: i == 0 ? [indexFrame] : null)).ToList(),
            tracks.Count * 450);
        var report = new AlbumReport(Rate, tracks.Count * 6, tracks.Select((x, i) => new AlbumReportTrack(x.Id, i + 1, x.Title, i * 6, i * 6 + 2, i * 6 + 6, 0, 0, 0)).ToList(),
            cd, [], [], "test");
        var assembly = new AlbumAssembly
        {
            ProjectId = projectId, Number = 1, RequestedById = portal.People.EngineerId, SequenceJson = "{}", ReportJson = report.ToJson(),
        };
        db.AlbumAssemblies.Add(assembly);
        db.PortalJobs.Add(new PortalJob { ProjectId = projectId, Kind = PortalJobKind.Album, TargetId = assembly.Id, State = PortalJobState.Succeeded });
        await db.SaveChangesAsync();
    }

    const int AlbumWaveformsHeight = MasteringPortal.Web.Features.Album.AlbumWaveforms.TrackHeight;

    /// <summary>The upper edge of a waveform outline: the y of each point from "M…L" up to the right end.</summary>
    static List<double> TopEdge(string d)
    {
        var points = d.TrimStart('M').TrimEnd('Z').Replace("L", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(',')).Select(p => (X: double.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture),
                Y: double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var right = points.FindIndex(p => p.X >= MasteringPortal.Web.Features.Album.AlbumWaveforms.TrackWidth);
        return points.Take(right + 1).Select(p => p.Y).ToList();
    }

    async Task<HttpClient> SignedInAsync(string email)
    {
        var http = portal.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await MasteringPortal.Web.Tests.Http.Forms.SignInAsync(http, email, DemoSeeder.Password);
        return http;
    }

    ProjectCommands Commands() => portal.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<ProjectCommands>();

    Task<PortalDbContext> DbAsync() =>
        portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
