using System.Diagnostics;
using System.Globalization;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Metering;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// An EP from sequence to delivery (issue 20, "done when"): three finished tracks of real length; the client enters the
/// release's details and ISRCs; the engineer sees each master's waveform, reorders with the keyboard and by dragging, sets
/// a 3 s gap and a segue, balances one track 2 LU under the anchor, adds an index point, assembles for CD and reads the
/// table of contents (index 02 included), and posts the album; the
/// client plays it through both transitions (the list follows the playhead), comments at album time (the comment lands
/// on the right track and moment) and approves the running order; after approval and payment her ZIP holds a DDP image
/// our reader and its checksums verify, a CUE sheet Debian's cuebreakpoints reads, and tagged WAV, FLAC, MP3 and AAC
/// files whose tags ffprobe reads back.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class AlbumBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    /// <summary>The EP's songs as delivered to the studio, in their first order: real lengths, 2 to 2½ minutes.</summary>
    static readonly (string Title, double Seconds, string Isrc)[] Songs =
        [("Ignition", 142, "GBABC2600001"), ("Overpass", 131, "GBABC2600002"), ("Exit Ramp", 127, "GBABC2600003")];

    [Fact]
    public async Task An_EP_is_sequenced_balanced_assembled_for_CD_heard_commented_approved_paid_and_delivered()
    {
        var (projectId, tracks) = await TestSongs.NewAlbumWithMastersAsync(portal.Factory.Services, "Night Drive EP",
            Songs.Select(s => (s.Title, s.Seconds)).ToList(), posted: true);
        await AddDeliverablesAsync(projectId);

        // The client enters the release's details and the ISRCs her label gave her.
        var ava = await portal.NewPageAsync(phone: true);
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/album");
        await PortalBrowserFixture.WaitOrExplainAsync(ava, ava.GetByTestId("album-page"), log: portal.Factory.Logs);
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("album-up")).ToHaveCountAsync(0);
        await Assertions.Expect(ava.GetByTestId("album-assembly")).ToHaveCountAsync(0);
        await ava.GetByTestId("release-artist").FillAsync("Night Drive");
        await ava.GetByTestId("release-upc").FillAsync("0012345678905");
        await ava.GetByLabel("Label", new() { Exact = true }).FillAsync("Overpass Records");
        await ava.GetByLabel("Year").FillAsync("2026");
        await ava.GetByLabel("Year").PressAsync("Tab");
        await ava.GetByTestId("release-save").ClickAsync();
        await Assertions.Expect(ava.GetByText("Release details saved.")).ToBeVisibleAsync();
        for (var i = 0; i < Songs.Length; i++)
        {
            var row = ava.GetByTestId("credits-row").Nth(i);
            // Typed as printed on the label's sheet; stored without hyphens, in capitals.
            await row.GetByTestId("credits-isrc").FillAsync(Songs[i].Isrc.ToLowerInvariant().Insert(2, "-").Insert(6, "-").Insert(9, "-"));
            await row.GetByTestId("credits-save").ClickAsync();
            await Assertions.Expect(ava.GetByText("Credits saved.")).ToBeVisibleAsync();
        }
        await PortalBrowserFixture.ScreenshotAsync(ava, "album-view-client-phone");
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(Songs.Select(s => s.Isrc), await db.Tracks.AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Position).Select(t => t.Isrc).ToListAsync());
        }

        // The engineer: "Exit Ramp" one place up with the keyboard, "Ignition" dragged to the end.
        var engineer = await portal.NewPageAsync();
        await portal.SignInAsync(engineer, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        await engineer.GotoAsync($"/projects/{projectId}");
        // A link followed before the project page's circuit is up races Blazor's start: the page fetched for the link can be
        // drawn over by the circuit's first render of the project page (seen on loaded machines: the album's address, the
        // project's page).
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("album-link").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, engineer.GetByTestId("album-page"), log: portal.Factory.Logs);
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        var titles = engineer.GetByTestId("album-track").Locator("h3");
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, titles.First, 30_000, portal.Factory.Logs);
        await Assertions.Expect(titles).ToHaveTextAsync(["Ignition", "Overpass", "Exit Ramp"]);
        await engineer.GetByRole(AriaRole.Button, new() { Name = "Move Exit Ramp up" }).FocusAsync();
        await engineer.Keyboard.PressAsync("Enter");
        await Assertions.Expect(titles).ToHaveTextAsync(["Ignition", "Exit Ramp", "Overpass"]);
        // Both ends of the drag in view before it starts (the rows are tall: a row scrolled into view under the held mouse
        // made another row the one dragged): the middle row centred, the drag from the first row's bottom edge to the last
        // row's top edge, beside the fields.
        var rows = engineer.GetByTestId("album-track");
        await rows.Nth(1).EvaluateAsync("row => row.scrollIntoView({ block: 'center' })");
        var first = (await rows.Nth(0).BoundingBoxAsync())!;
        await rows.Nth(0).DragToAsync(rows.Nth(2), new()
        {
            SourcePosition = new() { X = 6, Y = first.Height - 6 }, TargetPosition = new() { X = 6, Y = 6 },
        });
        await Assertions.Expect(titles).ToHaveTextAsync(["Exit Ramp", "Overpass", "Ignition"]);

        // A 3 s gap before "Overpass", a segue into "Ignition"; "Overpass" 2 LU under the anchor, "Exit Ramp".
        // (The first track is the anchor until the engineer makes another one.)
        await Assertions.Expect(engineer.GetByTestId("album-track").Nth(0).GetByTestId("album-anchor")).ToBeVisibleAsync();
        await SetPlacementAsync(engineer, 1, pause: "3", level: "-2");
        await SetPlacementAsync(engineer, 2, pause: "0");
        // Each master is drawn from its analysis; an index point a minute into "Ignition", added on the page.
        await Assertions.Expect(engineer.GetByTestId("album-waveform")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        var ignition = engineer.GetByTestId("album-track").Nth(2);
        await ignition.GetByTestId("album-index-input").FillAsync("1:00");
        await ignition.GetByTestId("album-index-add").ClickAsync();
        await Assertions.Expect(ignition.GetByTestId("album-index-point")).ToContainTextAsync("Index 02 at 1:00");

        var forCd = engineer.GetByRole(AriaRole.Checkbox, new() { Name = "Lay out for CD" });
        await Assertions.Expect(forCd).ToBeCheckedAsync(); // on already: the brief targets CD
        // Vinyl sides too: side A to end after "Overpass"; the page lays the sides out before anything is made.
        await engineer.GetByRole(AriaRole.Checkbox, new() { Name = "Make vinyl sides" }).CheckAsync();
        await engineer.GetByTestId("album-vinyl-break").ClickAsync();
        await engineer.GetByRole(AriaRole.Option, new() { Name = "After track 2 (Overpass)" }).ClickAsync();
        var planned = engineer.GetByTestId("album-vinyl-side");
        await Assertions.Expect(planned).ToHaveCountAsync(2);
        await Assertions.Expect(planned.Nth(0)).ToContainTextAsync("Side A: tracks 1–2");
        await Assertions.Expect(planned.Nth(1)).ToContainTextAsync("Side B: track 3");
        await engineer.GetByTestId("album-assemble").ClickAsync();
        await PortalBrowserFixture.WaitOrExplainAsync(engineer, engineer.GetByTestId("album-result"), 180_000);
        await Assertions.Expect(engineer.GetByTestId("album-redbook-ok")).ToBeVisibleAsync();

        AlbumReport report;
        AlbumSequence sequence;
        FileAsset programme;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var assembly = await db.AlbumAssemblies.AsNoTracking().SingleAsync(a => a.ProjectId == projectId);
            (report, sequence) = (AlbumReport.FromJson(assembly.ReportJson)!, AlbumSequence.FromJson(assembly.SequenceJson)!);
            programme = await db.FileAssets.AsNoTracking().SingleAsync(f => f.Id == assembly.ProgrammeFileId);
        }
        Assert.Equal([tracks[2], tracks[1], tracks[0]], report.Tracks.Select(t => t.TrackId));
        var cd = report.Cd!;
        Assert.InRange(report.Tracks[1].StartSeconds - report.Tracks[0].EndSeconds, 3 - 1 / 75.0, 3 + 1 / 75.0);
        Assert.Equal(cd.Tracks[2].Index0Frame, cd.Tracks[2].Index1Frame);
        Assert.Equal(report.Tracks[1].EndSeconds, report.Tracks[2].StartSeconds, 6);
        // The balance, measured in the album as assembled: "Overpass" plays 2 LU under "Exit Ramp".
        var (anchorLufs, overpassLufs) = (SegmentLufs(programme, report.Tracks[0]), SegmentLufs(programme, report.Tracks[1]));
        Assert.InRange(overpassLufs - anchorLufs, -2.2, -1.8);
        Assert.True(report.Tracks[1].GainDb < 0, $"Overpass was to be turned down, not up (gain {report.Tracks[1].GainDb} dB)");
        var toc = engineer.GetByTestId("album-toc").Locator("tbody tr");
        await Assertions.Expect(toc).ToHaveCountAsync(4);
        Assert.Equal([cd.Tracks[2].Index1Frame + 60 * 75], cd.Tracks[2].ExtraIndexes);
        await Assertions.Expect(toc.Nth(2).GetByTestId("album-toc-index")).ToHaveTextAsync($"02 at {CdTime.Msf(cd.Tracks[2].ExtraIndexes[0])}");
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(toc.Nth(i).Locator("td").Nth(0)).ToHaveTextAsync(CdTime.Msf(cd.Tracks[i].Index0Frame));
            await Assertions.Expect(toc.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(CdTime.Msf(cd.Tracks[i].Index1Frame));
        }
        // The sides as made: two WAVs, from the masters as they are (these revisions have no mix to pre-master again).
        var made = engineer.GetByTestId("album-vinyl-made");
        await Assertions.Expect(made).ToHaveCountAsync(2);
        await Assertions.Expect(made.Nth(0)).ToHaveAttributeAsync("data-side", "A");
        await Assertions.Expect(made.Nth(0).GetByTestId("album-vinyl-download")).ToHaveTextAsync("Side A (WAV)");
        await Assertions.Expect(engineer.GetByTestId("album-vinyl-track-note").First).ToContainTextAsync("Its side uses the master as it is");
        Assert.Equal(new[] { "1,2", "3" }, report.Vinyl!.Sides.Select(v => string.Join(",", v.TrackNumbers)));
        await PortalBrowserFixture.ScreenshotAsync(engineer, "album-view-assembled");

        // Posted with a note.
        await engineer.GetByTestId("album-open-review").ClickAsync();
        await engineer.GetByTestId("album-review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByLabel("Note for the client").FillAsync("Tight segue into Ignition, as we discussed.");
        await engineer.GetByTestId("album-review-post").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("album-review-unposted")).ToHaveCountAsync(0);

        // The client plays it across the gap and across the segue: the list follows the playhead.
        await ava.GotoAsync($"/projects/{projectId}/album");
        await ava.GetByTestId("album-page").WaitForAsync();
        // The album page links to the review; the test follows the address (a click on a loaded machine can land before
        // the page is interactive, and the address is what the link is for).
        var reviewUrl = $"/projects/{projectId}/album/review";
        await Assertions.Expect(ava.GetByTestId("album-review-link")).ToHaveAttributeAsync("href", reviewUrl);
        await ava.GotoAsync(reviewUrl);
        await ava.GetByTestId("album-review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("album-review-note")).ToContainTextAsync("Tight segue into Ignition", new() { Timeout = 15_000 });
        var review = ava.GetByTestId("album-review");
        const string Player = "document.querySelector('[data-testid=album-review-player]')";
        await ava.GetByRole(AriaRole.Button, new() { Name = $"Play 1 Exit Ramp {Clock(report.Tracks[0].StartSeconds)}" }).ClickAsync();
        await Assertions.Expect(review).ToHaveAttributeAsync("data-current-track", "1");
        foreach (var next in new[] { 1, 2 })
        {
            // Half a second before the track before ends, then on: into the gap (which belongs to the track it leads to) or
            // straight into the next track at the segue.
            var from = report.Tracks[next].PauseStartSeconds - 0.5;
            await ava.EvaluateAsync($"{Player}.currentTime = {from.ToString(CultureInfo.InvariantCulture)}");
            await ava.EvaluateAsync($"{Player}.play()");
            await Assertions.Expect(review).ToHaveAttributeAsync("data-current-track", (next + 1).ToString(), new() { Timeout = 15_000 });
            var now = await ava.EvaluateAsync<double>($"{Player}.currentTime");
            Assert.True(now >= report.Tracks[next].PauseStartSeconds, $"track {next + 1} is marked at {now} s, before the track before it ended");
        }

        // Each track's loudness-matched A/B with its mix is one click away, on its own review page.
        var ab = ava.GetByTestId("album-review-track-ab");
        await Assertions.Expect(ab).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
            await Assertions.Expect(ab.Nth(i)).ToHaveAttributeAsync("href", $"/projects/{projectId}/tracks/{report.Tracks[i].TrackId}/review");

        // A comment at the playhead lands on the track playing, at its moment.
        await ava.EvaluateAsync($"{Player}.pause()");
        var at = await ava.EvaluateAsync<double>($"{Player}.currentTime");
        await ava.GetByTestId("album-review-comment").FillAsync("Could the last chorus be a touch brighter?");
        await ava.GetByTestId("album-review-send").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("album-review-comment-item")).ToContainTextAsync("Ignition at");
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var comment = await db.Comments.AsNoTracking().SingleAsync(c => c.Text == "Could the last chorus be a touch brighter?");
            Assert.Equal(sequence.Tracks[2].RevisionId, comment.RevisionId);
            Assert.InRange(comment.StartSeconds, at - report.Tracks[2].StartSeconds - 0.05, at - report.Tracks[2].StartSeconds + 0.05);
        }
        await ava.GetByTestId("album-review-approve").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("album-review-approved")).ToBeVisibleAsync();
        await PortalBrowserFixture.ScreenshotAsync(ava, "album-review-client");

        // She approves the masters as final; the engineer records her bank transfer.
        await ava.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await ava.GetByTestId("action-Approve").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("project-status")).ToHaveTextAsync("Approved");
        await engineer.GotoAsync($"/projects/{projectId}");
        await PortalBrowserFixture.WaitForCircuitAsync(engineer);
        await engineer.GetByTestId("action-MarkPaid").ClickAsync();
        await engineer.GetByTestId("payment-reference").FillAsync("Bank transfer");
        await engineer.GetByTestId("payment-reference").BlurAsync();
        await engineer.GetByTestId("confirm-paid").ClickAsync();
        await Assertions.Expect(engineer.GetByTestId("project-status")).ToHaveTextAsync("Paid");

        // Her ZIP, as the replication plant and the distributor would read it.
        await ava.ReloadAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        await Assertions.Expect(ava.GetByTestId("delivery-album")).ToContainTextAsync("a DDP image for the CD plant");
        await Assertions.Expect(ava.GetByTestId("delivery-album")).ToContainTextAsync("2 vinyl sides as WAVs for the cutting room");
        await PortalBrowserFixture.ScreenshotAsync(ava, "album-delivery-client");
        var download = await ava.RunAndWaitForDownloadAsync(() => ava.GetByTestId("download-zip").ClickAsync(), new() { Timeout = 180_000 });
        var saved = Path.Combine(Path.GetTempPath(), $"mp-album-{Guid.NewGuid():N}.zip");
        try
        {
            await download.SaveAsAsync(saved);
            using var zip = new DeliveryZipCheck(saved);
            var image = zip.ReadDdp("CD/DDP image", "CD/CUE sheet and WAV/Night Drive EP.wav");
            string[] order = ["Exit Ramp", "Overpass", "Ignition"];
            Assert.Equal(order, image.Programme.Tracks.Select(t => t.TextOrNone.Title));
            Assert.Equal(order.Select(t => Songs.Single(s => s.Title == t).Isrc), image.Programme.Tracks.Select(t => t.Isrc));
            Assert.Equal("0012345678905", image.Programme.UpcEan);
            Assert.Equal(cd.Tracks.Select(t => t.Index1Frame), image.Programme.Tracks.Select(t => t.Index1Frame));
            Assert.Equal(cd.Tracks.Skip(1).Select(t => t.Index1Frame), zip.CueBreakpoints("CD/CUE sheet and WAV/Night Drive EP.cue"));
            foreach (var (folder, extension) in new[] { ("WAV 24-bit 44.1 kHz", ".wav"), ("FLAC 24-bit 44.1 kHz", ".flac"), ("MP3", ".mp3"), ("AAC (M4A)", ".m4a") })
                for (var i = 0; i < order.Length; i++)
                {
                    // Numbered in the running order the engineer set.
                    var song = Songs.Single(x => x.Title == order[i]);
                    var tags = zip.Tags($"{folder}/{i + 1:00} {song.Title}{extension}");
                    Assert.Equal(song.Title, tags.GetValueOrDefault("title"));
                    Assert.Equal("Night Drive", tags.GetValueOrDefault("artist"));
                    Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), (tags.GetValueOrDefault("track") ?? "").Split('/')[0]);
                    // MP4 has no ISRC atom ffmpeg writes; the WAV's is in its bext and axml (read by our reader in the Web tests).
                    if (extension is ".flac" or ".mp3")
                        Assert.Contains(tags.Values, v => v.Contains(song.Isrc, StringComparison.Ordinal));
                }
            Assert.Contains("ISRC GBABC2600002", zip.Text("Contents.txt"));
            Assert.Contains("Vinyl/Night Drive EP – side A.wav", zip.Entries);
            Assert.Contains("Vinyl/Night Drive EP – side B.wav", zip.Entries);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    /// <summary>
    /// Each revision's FLAC, MP3 and AAC, made from its master as a render would, and asked for in the briefs; the project
    /// in review, as it is once its revisions are posted.
    /// </summary>
    async Task AddDeliverablesAsync(Guid projectId)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, ProjectStatus.InReview));
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var folder = Directory.CreateTempSubdirectory("mp-album-formats-").FullName;
        foreach (var track in await db.Tracks.Include(t => t.Brief).Include(t => t.Revisions).Where(t => t.ProjectId == projectId).ToListAsync())
        {
            track.Brief!.DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Flac | DeliveryFormats.Mp3 | DeliveryFormats.Aac;
            var revision = track.Revisions.Single();
            var master = await db.FileAssets.SingleAsync(f => f.RevisionId == revision.Id && f.Kind == FileAssetKind.Master);
            var source = await store.LocalPathAsync(master.StorageKey, Path.Combine(folder, "master.wav"));
            foreach (var (format, extension, codec) in new[] { ("flac", ".flac", "-c:a flac -sample_fmt s32 -bits_per_raw_sample 24"), ("mp3", ".mp3", "-c:a libmp3lame -b:a 320k"), ("aac", ".m4a", "-c:a aac -aac_coder fast -b:a 256k") })
            {
                var path = Path.Combine(folder, track.Position + extension);
                using (var ffmpeg = Process.Start("ffmpeg", ["-v", "error", "-y", "-i", source, .. codec.Split(' '), path])!)
                {
                    await ffmpeg.WaitForExitAsync();
                    Assert.Equal(0, ffmpeg.ExitCode);
                }
                StoredFile stored;
                await using (var content = File.OpenRead(path)) stored = await store.PutAsync(content);
                db.FileAssets.Add(new FileAsset
                {
                    ProjectId = projectId, TrackId = track.Id, RevisionId = revision.Id, Kind = FileAssetKind.Master,
                    OriginalName = $"{track.Title} – revision 1{extension}", Format = format, SampleRateHz = 44100, Channels = 2,
                    BitDepth = format == "flac" ? 24 : null, SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key,
                });
            }
        }
        await db.SaveChangesAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Integrated loudness of one track's stretch of the assembled programme (our BS.1770-4 meter).</summary>
    double SegmentLufs(FileAsset programme, AlbumReportTrack track)
    {
        var store = portal.Factory.Services.GetRequiredService<IFileStore>();
        using var wav = store.OpenRead(programme.StorageKey);
        var (offset, length, format) = WavData.Locate(wav);
        var frameBytes = format.Channels * 3;
        var first = (long)Math.Round(track.StartSeconds * format.SampleRateHz);
        var frames = (long)Math.Round((track.EndSeconds - track.StartSeconds) * format.SampleRateHz);
        wav.Position = offset + first * frameBytes;
        var meter = new LoudnessMeter(format.SampleRateHz, format.Channels, new LoudnessMeterOptions(TruePeak: false, Series: false));
        var bytes = new byte[4096 * frameBytes];
        var samples = new float[4096 * format.Channels];
        for (long done = 0; done < frames;)
        {
            var n = (int)Math.Min(4096, frames - done);
            wav.ReadExactly(bytes.AsSpan(0, n * frameBytes));
            for (var i = 0; i < n * format.Channels; i++)
                samples[i] = ((bytes[3 * i] << 8 | bytes[3 * i + 1] << 16 | bytes[3 * i + 2] << 24) >> 8) / 8388608f;
            meter.AddFrames(samples.AsSpan(0, n * format.Channels));
            done += n;
        }
        return meter.IntegratedLufs!.Value;
    }

    static string Clock(double seconds) => MasteringPortal.Web.Features.Projects.TimeCode.Format(seconds);

    static async Task SetPlacementAsync(IPage page, int index, string pause, string? level = null)
    {
        var track = page.GetByTestId("album-track").Nth(index);
        var pauseField = track.GetByTestId("album-pause"); // MudBlazor puts the attribute on the input itself
        await pauseField.FillAsync(pause);
        await pauseField.PressAsync("Tab");
        if (level is not null)
        {
            var levelField = track.GetByTestId("album-level");
            await levelField.FillAsync(level);
            await levelField.PressAsync("Tab");
        }
        await track.GetByTestId("album-save").ClickAsync();
        try
        {
            await Assertions.Expect(track.GetByTestId("album-save")).ToBeDisabledAsync();
        }
        catch (PlaywrightException unsaved)
        {
            // Saved, the button greys out; if not, say what the page said (a refusal shows in the snackbar).
            var said = await page.Locator(".mud-snackbar").AllInnerTextsAsync();
            throw new InvalidOperationException($"Track {index + 1}'s placement was not saved. The page said: [{string.Join(" | ", said)}]", unsaved);
        }
        await Assertions.Expect(pauseField).ToHaveValueAsync(pause);
    }
}
