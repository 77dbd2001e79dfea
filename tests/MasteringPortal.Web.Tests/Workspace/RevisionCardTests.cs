using Bunit;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Tests.Components;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>A finished revision's card says what it was made from, what the loudness cost, and offers "render again" only where it can.</summary>
public sealed class RevisionCardTests : MudComponentTest
{
    static Revision Ready(RenderDistortion? cost, Guid? mixId) => new()
    {
        Number = 3, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson(), SourceMixId = mixId,
        EngineVersion = "1.0.0+6e03000990349c0347d02fe56dbfeac7203de7ff",
        MatchJson = new RevisionMatch([new RevisionMatchReference(Guid.NewGuid(), new string('c', 64), "Night Drive", 1)],
            "Tone, Loudness", 100, 100, 100, 100, 12, 12).ToJson(),
        RenderReportJson = new RenderReport(-8.1, 4.2, -1.0, 14, 3, [], [], cost).ToJson(),
    };

    IRenderedComponent<RevisionCard> Card(Revision revision, bool canRender, Action<Revision>? again = null) =>
        ctx.Render<RevisionCard>(ps => ps
            .Add(p => p.Revision, revision)
            .Add(p => p.CanRetry, canRender)
            .Add(p => p.MadeFrom, "Made from mix 2 (sent 5 Dec)")
            .Add(p => p.OnRenderAgain, r => again?.Invoke(r)));

    [Fact]
    public void A_loud_render_shows_the_distortion_it_added_and_where_it_came_from()
    {
        var card = Card(Ready(new RenderDistortion(-24.8, 6.1, 8.4, true, 3.2, 16.2, 9.0), Guid.NewGuid()), canRender: true);
        var figures = card.Find("[data-testid=render-figures]").TextContent;
        Assert.Contains("Distortion added", figures);
        Assert.Contains("-24.8 dB", figures);
        Assert.Contains("Crest factor lost", figures);
        Assert.Contains("7.2 dB", figures);
        Assert.Equal("Made from mix 2 (sent 5 Dec) · Matched to “Night Drive” · engine 1.0.0 (6e03000)",
            card.Find("[data-testid=revision-provenance]").TextContent.Trim());
    }

    [Fact]
    public void Render_again_is_offered_to_the_engineer_for_a_revision_that_records_its_mix_and_raises_it()
    {
        Revision? raised = null;
        var revision = Ready(null, Guid.NewGuid());
        Card(revision, canRender: true, again: r => raised = r).Find("[data-testid=render-again]").Click();
        Assert.Same(revision, raised);
        Assert.DoesNotContain("Distortion added", Card(revision, canRender: true).Markup);

        // Not once the project is closed for rendering, nor for a revision from before the mix was recorded.
        Assert.Empty(Card(revision, canRender: false).FindAll("[data-testid=render-again]"));
        Assert.Empty(Card(Ready(null, mixId: null), canRender: true).FindAll("[data-testid=render-again]"));
    }
}

/// <summary>The card's platform checks, and "safe for the services" where a decoded copy goes over -1 dBTP.</summary>
public sealed class RevisionCardPlatformTests : MudComponentTest
{
    static RenderReportPlatform Platform(string name, double truePeak, int overs) => new(new MasteringPortal.Audio.Platforms.PlatformCheck(
        MasteringPortal.Audio.Render.StreamingPlatform.Spotify, name, "Ogg Vorbis 160 kb/s", -8.2, truePeak, truePeak - 0.1, overs, overs + 5, -1.0, -5.8,
        $"{name} turns this down 5.8 dB."), Guid.NewGuid(), "audio/ogg");

    static Revision WithPlatforms(params RenderReportPlatform[] platforms) => new()
    {
        Number = 2, Status = RevisionStatus.Ready, SettingsJson = new RenderSettings().ToJson(),
        RenderReportJson = new RenderReport(-8.2, 4, -1.0, 12, 3, [], [], null, platforms).ToJson(),
    };

    [Fact]
    public void A_copy_that_clips_is_shown_and_the_safe_ceiling_is_offered_and_raised()
    {
        double? raised = null;
        var card = ctx.Render<RevisionCard>(ps => ps
            .Add(p => p.Revision, WithPlatforms(Platform("Spotify", -0.6, 0), Platform("Apple Music", 0.3, 2)))
            .Add(p => p.OnSafeCeiling, v => raised = v));
        var lines = card.FindAll("[data-testid=platform-check-line]");
        Assert.Equal(2, lines.Count);
        Assert.Contains("Apple Music (Ogg Vorbis 160 kb/s): 0.3 dBTP", lines[1].TextContent);
        Assert.Contains("2 overs above 0 dBFS", lines[1].TextContent);
        Assert.Contains("mud-error-text", lines[1].ClassName);
        // 0.3 dBTP is 1.3 dB past -1: the ceiling from -1.0 to -1.0 - 1.3 - 0.2 = -2.5.
        var safe = card.Find("[data-testid=codec-safe]");
        Assert.Equal("-2.5", safe.GetAttribute("data-ceiling"));
        safe.Click();
        Assert.Equal(-2.5, raised);
    }

    /// <summary>A Ready revision whose report has no platform lines yet (its check runs after the render).</summary>
    static Revision Unchecked()
    {
        var revision = WithPlatforms();
        revision.RenderReportJson = new RenderReport(-8.2, 4, -1.0, 12, 3, [], []).ToJson();
        return revision;
    }

    [Fact]
    public void A_check_still_running_shows_its_progress_and_offers_nothing_to_press()
    {
        var card = ctx.Render<RevisionCard>(ps => ps
            .Add(p => p.Revision, Unchecked())
            .Add(p => p.PlatformChecks, true)
            .Add(p => p.PlatformJob, new PortalJob { Kind = PortalJobKind.Platforms, State = PortalJobState.Running, ProgressPercent = 10 })
            .Add(p => p.PlatformProgress, 40));
        var pending = card.Find("[data-testid=platform-check-pending]");
        Assert.Equal("Running", pending.GetAttribute("data-state"));
        Assert.Contains("Checking how it plays on the streaming services", pending.TextContent);
        Assert.Contains("40 %", pending.TextContent);
        Assert.Empty(card.FindAll("[data-testid=platform-check-start]"));
        Assert.Empty(card.FindAll("[data-testid=platform-check-line]"));
    }

    [Fact]
    public void A_failed_check_says_why_and_that_the_master_is_fine_and_checks_again_on_request()
    {
        Revision? asked = null;
        var revision = Unchecked();
        var card = ctx.Render<RevisionCard>(ps => ps
            .Add(p => p.Revision, revision)
            .Add(p => p.PlatformChecks, true)
            .Add(p => p.PlatformJob, new PortalJob
            {
                Kind = PortalJobKind.Platforms, State = PortalJobState.Failed, FailureReason = "The master of revision 2 is missing.",
            })
            .Add(p => p.OnCheckPlatforms, r => asked = r));
        var failed = card.Find("[data-testid=platform-check-failed]").TextContent;
        Assert.Contains("The master of revision 2 is missing.", failed);
        Assert.Contains("The master itself is fine.", failed);
        var again = card.Find("[data-testid=platform-check-start]");
        Assert.Equal("Check again", again.TextContent.Trim());
        again.Click();
        Assert.Same(revision, asked);
    }

    [Fact]
    public void A_revision_never_checked_offers_a_first_check_and_a_portal_without_checks_shows_nothing_about_them()
    {
        var card = ctx.Render<RevisionCard>(ps => ps.Add(p => p.Revision, Unchecked()).Add(p => p.PlatformChecks, true));
        Assert.Equal("none", card.Find("[data-testid=platform-check-pending]").GetAttribute("data-state"));
        Assert.Contains("Not checked on the streaming services yet.", card.Markup);
        Assert.Equal("Check on the streaming services", card.Find("[data-testid=platform-check-start]").TextContent.Trim());

        var off = ctx.Render<RevisionCard>(ps => ps.Add(p => p.Revision, Unchecked()));
        Assert.Empty(off.FindAll("[data-testid=platform-check-pending]"));
    }

    [Fact]
    public void No_ceiling_is_offered_when_every_copy_stays_under_minus_1_dbtp()
    {
        var card = ctx.Render<RevisionCard>(ps => ps.Add(p => p.Revision, WithPlatforms(Platform("Spotify", -1.4, 0))));
        Assert.Single(card.FindAll("[data-testid=platform-check-line]"));
        Assert.Empty(card.FindAll("[data-testid=codec-safe]"));
    }
}
