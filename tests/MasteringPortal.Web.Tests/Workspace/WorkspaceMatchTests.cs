using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Core.Domain;
using Bunit;
using MudBlazor.Services;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>The workspace's reference match reads the stored mix and reference and writes the match into the chain's settings.</summary>
public sealed class ReferenceMatchServiceTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    Task<WorkspaceSession> TrackWithStoredMixAndReferenceAsync() => TrackWithStoredMixAndReferenceAsync(portal);

    /// <summary>A track with a stored mix at -12 dBFS and, as its brief's reference, the same music 6 dB louder.</summary>
    internal static async Task<WorkspaceSession> TrackWithStoredMixAndReferenceAsync(PortalScenario portal)
    {
        var store = portal.Factory.Services.GetRequiredService<IFileStore>();
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
        // The mix at -12 dBFS; the reference the same music 6 dB louder.
        var mixBytes = await store.PutAsync(new MemoryStream(TestMixes.Wav(-12, seconds: 8)));
        var referenceBytes = await store.PutAsync(new MemoryStream(TestMixes.Wav(-6, seconds: 8)));
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var mix = await db.FileAssets.SingleAsync(f => f.Id == mixId);
            mix.StorageKey = mixBytes.Key;
            mix.Sha256 = mixBytes.Sha256;
            var reference = new FileAsset
            {
                ProjectId = projectId, TrackId = trackId, Kind = FileAssetKind.Reference, OriginalName = "louder_reference.wav", Format = "wav",
                StorageKey = referenceBytes.Key, Sha256 = referenceBytes.Sha256, SizeBytes = referenceBytes.SizeBytes,
            };
            db.FileAssets.Add(reference);
            var brief = await db.Briefs.Include(b => b.References).SingleAsync(b => b.TrackId == trackId);
            brief.References.Add(new ReferenceTrack { Title = "Louder version", FileAssetId = reference.Id });
            await db.SaveChangesAsync();
        }
        return (await WorkspaceSession.OpenAsync(portal.Db, portal.Engineer, projectId, trackId))!;
    }

    ReferenceMatchService Service => new(portal.Factory.Services.GetRequiredService<IFileStore>(),
        portal.Factory.Services.GetRequiredService<AudioTools>(), NullLogger<ReferenceMatchService>.Instance);

    [Fact]
    public async Task The_match_takes_the_references_loudness_as_the_target_and_keeps_the_rest_of_the_chain()
    {
        var session = await TrackWithStoredMixAndReferenceAsync();
        var reference = session.References.Single().File!;
        var baseSettings = session.DefaultSettings();
        var outcome = await Service.MatchAsync(session, [(reference.Id, 1.0)],
            new MatchOptions { Aspects = MatchAspects.Loudness, BaseSettings = baseSettings });
        Assert.Null(outcome.Error);
        var target = outcome.Result!.Settings.Loudness!.CustomLufs!.Value;
        Assert.Equal(outcome.Result.Report.Reference.IntegratedLufs!.Value, target, 0.05);
        Assert.Equal(outcome.Result.Report.Mix.IntegratedLufs!.Value + 6, target, 0.2); // the reference is the mix 6 dB up
        Assert.Equal(baseSettings.Limiter, outcome.Result.Settings.Limiter);
        Assert.Equal("louder_reference.wav", outcome.Result.Report.References.Single().Name);
    }

    [Fact]
    public async Task A_file_that_is_not_one_of_the_tracks_references_is_refused()
    {
        var session = await TrackWithStoredMixAndReferenceAsync();
        var outcome = await Service.MatchAsync(session, [(session.Mix!.Id, 1.0)], new MatchOptions());
        Assert.Equal("Choose one or more of this track's uploaded references.", outcome.Error);
        Assert.Null(outcome.Result);
    }
}

/// <summary>
/// The workspace's match panel: each aspect's own amount and the EQ limits reach the matcher as the CLI's options do
/// (a loudness amount of 50 % moves the target half way), and the match's record names its references and amounts.
/// </summary>
public sealed class ReferenceMatchPanelTests(PortalScenario portal) : IClassFixture<PortalScenario>, IAsyncDisposable
{
    readonly Bunit.BunitContext _ctx = new();

    [Fact]
    public async Task The_loudness_amount_set_in_the_panel_takes_the_target_half_way_like_the_cli_option()
    {
        var session = await ReferenceMatchServiceTests.TrackWithStoredMixAndReferenceAsync(portal);
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = Bunit.JSRuntimeMode.Loose;
        _ctx.Services.AddSingleton(new ReferenceMatchService(portal.Factory.Services.GetRequiredService<IFileStore>(),
            portal.Factory.Services.GetRequiredService<AudioTools>(), NullLogger<ReferenceMatchService>.Instance));
        MasteringPortal.Audio.Render.RenderSettings? matched = null;
        RevisionMatch? record = null;
        var panel = _ctx.Render<ReferenceMatchPanel>(ps => ps
            .Add(p => p.Session, session)
            .Add(p => p.Settings, session.DefaultSettings())
            .Add(p => p.SettingsChanged, s => matched = s)
            .Add(p => p.Matched, m => record = m));

        // Loudness only, at 50 %.
        panel.Find("input[data-testid=match-tone]").Change(false);
        panel.Find("input[data-testid=match-width]").Change(false);
        panel.Find("[data-testid=match-loudness-amount] input, input[data-testid=match-loudness-amount]").Input("50");
        await panel.Find("[data-testid=match-run]").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.NotNull(matched), TimeSpan.FromMinutes(2));

        var direct = await new ReferenceMatchService(portal.Factory.Services.GetRequiredService<IFileStore>(),
                portal.Factory.Services.GetRequiredService<AudioTools>(), NullLogger<ReferenceMatchService>.Instance)
            .MatchAsync(session, [(session.References.Single().File!.Id, 1.0)],
                new MatchOptions { Aspects = MatchAspects.Loudness, LoudnessAmountPercent = 50, BaseSettings = session.DefaultSettings() });
        var full = direct.Result!.Report;
        // Half way from the mix's loudness to the reference's, as the options with 50 % give it.
        Assert.Equal(direct.Result.Settings.Loudness!.CustomLufs!.Value, matched!.Loudness!.CustomLufs!.Value, 0.01);
        Assert.Equal((full.Mix.IntegratedLufs!.Value + full.Reference.IntegratedLufs!.Value) / 2, matched.Loudness.CustomLufs.Value, 0.3);
        Assert.Equal(session.DefaultSettings().Eq, matched.Eq); // tone was not taken
        Assert.Equal((50.0, "Loudness"), (record!.LoudnessAmountPercent, record.Aspects));
        Assert.Equal(session.References.Single().File!.Sha256, record.References.Single().Sha256);
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
