using Bunit;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Tests.Components;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Alternates;

/// <summary>
/// The workspace's revision card lists each alternate master from the revision's report (docs/ALBUM.md, "Alternate
/// versions"): a rendered one with its loudness, true peak and the main master's gain it was mastered at; an uploaded one
/// with its check against the main master, or that it is still being measured; each with its files to download. Beside a
/// master uploaded from the desk, and only while the project renders, one upload box per version.
/// </summary>
public sealed class AlternateMastersCardTests : MudComponentTest
{
    public AlternateMastersCardTests() => ctx.Services.AddOptions<UploadOptions>();

    static FileAsset Master(Revision revision, string name, string format, int? bits, Guid? alternateId) => new()
    {
        TrackId = revision.TrackId, RevisionId = revision.Id, Kind = FileAssetKind.Master, OriginalName = name, Format = format, BitDepth = bits,
        SampleRateHz = 48_000, TrackAlternateId = alternateId, SizeBytes = 1000, Sha256 = new string('a', 64), StorageKey = new string('a', 64),
    };

    IRenderedComponent<RevisionCard> Card(Revision revision, bool canUpload) => ctx.Render<RevisionCard>(ps => ps
        .Add(p => p.Revision, revision).Add(p => p.CanUploadOwn, canUpload).Add(p => p.ProjectId, Guid.NewGuid()));

    [Fact]
    public void A_rendered_revision_lists_its_instrumental_with_the_main_gain_and_its_files_and_offers_no_upload()
    {
        var revision = new Revision { Number = 3, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson() };
        var alternateId = Guid.NewGuid();
        var wav = Master(revision, "Glasshouse (Instrumental) – revision 3.wav", "wav", 24, alternateId);
        var mp3 = Master(revision, "Glasshouse (Instrumental) – revision 3.mp3", "mp3", null, alternateId);
        revision.Files.AddRange([Master(revision, "Glasshouse – revision 3.wav", "wav", 24, null), wav, mp3]);
        var line = new RenderReportAlternate("instrumental", alternateId, Guid.NewGuid(), -16.4, -1.6, 4.26,
            [new RenderReportFile("wav24", wav.Id, -16.4, -1.6), new RenderReportFile("mp3", mp3.Id, -16.5, -1.4)], ["It peaks over the ceiling."]);
        var failed = new RenderReportAlternate("acappella", Guid.NewGuid(), Guid.NewGuid(), null, 0, 4.26, [], [],
            "The a cappella could not be mastered: the file is damaged.");
        revision.RenderReportJson = new RenderReport(-14, 6, -1, 4.26, 3, [], [], Alternates: [line, failed]).ToJson();

        var card = Card(revision, canUpload: true);

        var shown = card.FindAll("[data-testid=alternate-master]");
        Assert.Equal(["instrumental", "acappella"], shown.Select(e => e.GetAttribute("data-kind")));
        Assert.Equal("-16.4 LUFS · true peak -1.6 dBTP · at the main master's gain, +4.3 dB",
            shown[0].QuerySelector("[data-testid=alternate-master-figures]")!.TextContent.Trim());
        Assert.Equal("It peaks over the ceiling.", shown[0].QuerySelector("[data-testid=alternate-master-warning]")!.TextContent.Trim());
        Assert.Equal([$"/api/files/{wav.Id}/audio?download=1", $"/api/files/{mp3.Id}/audio?download=1"],
            shown[0].QuerySelectorAll("[data-testid=alternate-master-download]").Select(a => a.GetAttribute("href")));
        Assert.Contains("could not be mastered", shown[1].QuerySelector("[data-testid=alternate-master-failure]")!.TextContent);
        // Its alternates are rendered from their mixes: no master uploads beside a render.
        Assert.Empty(card.FindAll("[data-testid=alternate-master-upload-panel]"));
        Assert.Empty(ctx.JSInterop.Invocations.Where(i => i.Identifier == "attach"));
    }

    [Fact]
    public void Beside_an_uploaded_master_each_versions_upload_names_the_revision_and_an_uploaded_line_shows_its_check()
    {
        var revision = new Revision { Number = 2, Status = RevisionStatus.Ready, Origin = RevisionOrigin.UploadedMaster };
        var alternateId = Guid.NewGuid();
        var wav = Master(revision, "Tide TV MIX.wav", "wav", 24, alternateId);
        var main = Master(revision, "Tide MASTER.wav", "wav", 24, null);
        main.UploadedById = "engineer";
        revision.Files.AddRange([main, wav]);
        var alignment = new RenderReportAlignment(["The TV mix lines up with the main master: the same length and start, to the sample."], -24.5, -12.26, -9.8);
        var pending = new RenderReportAlternate("tvmix", alternateId, null, -10.6, 0, 0, [new RenderReportFile("wav24", wav.Id, -10.6, 0)], [],
            Uploaded: true, Pending: true, Alignment: alignment);
        revision.RenderReportJson = new RenderReport(-9.8, 5, -0.9, 0, 1, [], [], Alternates: [pending]).ToJson();

        var card = Card(revision, canUpload: true);
        var line = card.Find("[data-testid=alternate-master]");
        Assert.Equal("true", line.GetAttribute("data-pending"));
        Assert.Contains("Measuring it and making its other formats", line.TextContent);
        Assert.Empty(line.QuerySelectorAll("[data-testid=alternate-master-figures]"));
        Assert.Contains("lines up with the main master", line.QuerySelector("[data-testid=alternate-master-verdicts]")!.TextContent);
        Assert.Equal("Main master minus this version: -24.5 LUFS, peak -12.3 dBFS.",
            line.QuerySelector("[data-testid=alternate-master-difference]")!.TextContent.Trim());

        // One upload box per version, each wired as an alternate master of this revision; the TV mix's says "Replace".
        var attaches = ctx.JSInterop.Invocations.Where(i => i.Identifier == "attach").Select(i => i.Arguments[3]!).ToList();
        object? Option(object options, string name) => options.GetType().GetProperty(name)!.GetValue(options);
        Assert.Equal(["instrumental", "acappella", "clean", "tvmix"], attaches.Select(o => (string?)Option(o, "alternate")));
        Assert.All(attaches, o => Assert.Equal(("alternatemaster", (Guid?)revision.Id), ((string?)Option(o, "kind"), (Guid?)Option(o, "revisionId"))));
        Assert.Equal(["Upload the instrumental master", "Upload the a cappella master", "Upload the clean version master", "Replace the TV mix master"],
            card.FindAll("[data-testid=alternate-master-upload] input[type=file]").Select(i => i.GetAttribute("aria-label")));

        // Once measured: its figures as the engineer's own; and no upload once the project no longer renders.
        revision.RenderReportJson = new RenderReport(-9.8, 5, -0.9, 0, 1, [], [],
            Alternates: [pending with { Pending = false, TruePeakDbtp = -1.04 }]).ToJson();
        var closed = Card(revision, canUpload: false);
        Assert.Equal("-10.6 LUFS · true peak -1.0 dBTP · the engineer's own master, uploaded beside the main master",
            closed.Find("[data-testid=alternate-master-figures]").TextContent.Trim());
        Assert.Empty(closed.FindAll("[data-testid=alternate-master-upload-panel]"));
    }
}
