using Bunit;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Features.Projects;
using MasteringPortal.Web.Features.Workspace;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MasteringPortal.Web.Tests.Workspace;

/// <summary>
/// The workspace's reference match, through the command path on the real host: it is saved as a run and matched by a
/// job (Hangfire in memory), only for the studio's engineer and only towards the track's own references; the next
/// render keeps the run's record and report as the server saved them, whatever the page sends.
/// </summary>
public sealed class WorkspaceMatchTests(PortalScenario portal) : IClassFixture<PortalScenario>
{
    /// <summary>Only a guard against a hang; nothing here measures time.</summary>
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>A track with a stored mix at -12 dBFS and, as its brief's reference, the same music 6 dB louder.</summary>
    internal static async Task<WorkspaceSession> TrackWithStoredMixAndReferenceAsync(PortalScenario portal)
    {
        var store = portal.Factory.Services.GetRequiredService<IFileStore>();
        var (projectId, trackId, mixId) = await portal.NewProjectAsync(ProjectStatus.InProgress, TestMixes.Healthy());
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

    async Task<T> WithCommandsAsync<T>(Func<ProjectCommands, IPortalJobs, Task<T>> action)
    {
        using var scope = portal.Factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<ProjectCommands>(), scope.ServiceProvider.GetRequiredService<IPortalJobs>());
    }

    async Task<PortalJob> FinishedJobOfAsync(Guid runId)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            await using (var db = await portal.Db.CreateDbContextAsync())
                if (await db.PortalJobs.AsNoTracking().Where(j => j.TargetId == runId && j.Kind == PortalJobKind.Match)
                        .OrderByDescending(j => j.CreatedAt).FirstOrDefaultAsync() is { IsFinished: true } job)
                    return job;
            await Task.Delay(100, patience.Token);
        }
    }

    [Fact]
    public async Task A_loudness_match_at_50_percent_runs_as_a_job_and_the_render_keeps_the_runs_report_not_the_pages()
    {
        var session = await TrackWithStoredMixAndReferenceAsync(portal);
        var reference = session.References.Single().File!;
        var baseSettings = session.DefaultSettings();
        var queued = await WithCommandsAsync((c, j) => session.MatchAsync([(reference.Id, 1.0)],
            new MatchOptions { Aspects = MatchAspects.Loudness, LoudnessAmountPercent = 50, BaseSettings = baseSettings }, j, c));
        Assert.True(queued.Outcome.Succeeded, queued.Outcome.Message);

        var job = await FinishedJobOfAsync(queued.RunId!.Value);
        Assert.Equal(PortalJobState.Succeeded, job.State);
        await session.ReloadAsync();
        var run = session.LatestMatch!;
        Assert.Equal((queued.RunId, session.Mix!.Id, session.Mix.Sha256), (run.Id, run.MixFileId, run.MixSha256));
        var (settings, record) = WorkspaceSession.ResultOf(run)!.Value;
        var report = record.Report()!;
        // Half way from the mix's loudness to the reference's (6 dB louder), the rest of the chain as it was.
        Assert.Equal((report.Mix.IntegratedLufs!.Value + report.Reference.IntegratedLufs!.Value) / 2, settings.Loudness!.CustomLufs!.Value, 0.3);
        Assert.Equal(report.Mix.IntegratedLufs.Value + 3, settings.Loudness.CustomLufs.Value, 0.3);
        Assert.Equal((baseSettings with { Loudness = settings.Loudness }).ToJson(), settings.ToJson()); // nothing else changed
        Assert.Equal((50.0, "Loudness", "Louder version"), (record.LoudnessAmountPercent, record.Aspects, report.References.Single().Name));

        // The page sends a record with other amounts and a made-up report: the revision keeps the run's.
        var forged = record with { LoudnessAmountPercent = 100, ReportJson = "{\"made\":\"up\"}" };
        var render = await WithCommandsAsync((c, j) => session.RenderAsync(settings, forged, j, c));
        Assert.True(render.Succeeded, render.Message);
        await using var db = await portal.Db.CreateDbContextAsync();
        var revision = await db.Revisions.Where(r => r.TrackId == session.TrackId).OrderByDescending(r => r.Number).FirstAsync();
        var kept = RevisionMatch.FromJson(revision.MatchJson)!;
        Assert.Equal((run.Id, 50.0, run.ReportJson), (kept.RunId, kept.LoudnessAmountPercent, kept.ReportJson));
        Assert.NotNull(kept.Report());
    }

    [Fact]
    public async Task Clients_and_files_that_are_not_the_tracks_references_are_refused_and_nothing_is_queued()
    {
        var session = await TrackWithStoredMixAndReferenceAsync(portal);
        var reference = session.References.Single().File!;
        var options = new MatchOptions { BaseSettings = session.DefaultSettings() };
        Task<MatchQueued> AskAs(System.Security.Claims.ClaimsPrincipal user, Guid fileId) => WithCommandsAsync((c, j) =>
            c.QueueMatchAsync(user, session.ProjectId, session.TrackId, session.Mix!.Id, [(fileId, 1.0)], options, j));

        Assert.Equal(ActionOutcome.NotYours, (await AskAs(portal.Ben, reference.Id)).Outcome); // another client's project
        Assert.Equal("Only the engineer can match the chain to a reference.", (await AskAs(portal.Ava, reference.Id)).Outcome.Message);
        Assert.Equal("Choose one or more of this track's uploaded references.", (await AskAs(portal.Engineer, session.Mix!.Id)).Outcome.Message);
        var badAmount = await WithCommandsAsync((c, j) => c.QueueMatchAsync(portal.Engineer, session.ProjectId, session.TrackId, session.Mix.Id,
            [(reference.Id, 1.0)], options with { ToneAmountPercent = 250 }, j));
        Assert.False(badAmount.Outcome.Succeeded);
        Assert.Null(badAmount.RunId);

        await using var db = await portal.Db.CreateDbContextAsync();
        Assert.False(await db.MatchRuns.AnyAsync(r => r.TrackId == session.TrackId));
        Assert.False(await db.PortalJobs.AnyAsync(j => j.ProjectId == session.ProjectId && j.Kind == PortalJobKind.Match));
    }
}

/// <summary>
/// The workspace's match panel: each aspect's own amount and the EQ limits reach the run as the CLI's options would
/// (loudness alone at 50 %), a running match shows its progress with a cancel, and a finished one not in the chain
/// offers to put it there.
/// </summary>
public sealed class ReferenceMatchPanelTests(PortalScenario portal) : IClassFixture<PortalScenario>, IAsyncDisposable
{
    readonly BunitContext _ctx = new();
    readonly RecordingJobs _jobs = new();

    bool _services;

    IRenderedComponent<ReferenceMatchPanel> Render(WorkspaceSession session, Guid? applied = null, Action<Guid>? queued = null, Action<MatchRun>? apply = null,
        int? progress = null)
    {
        if (!_services)
        {
            _ctx.Services.AddMudServices();
            _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
            _ctx.Services.AddSingleton<IPortalJobs>(_jobs);
            _ctx.Services.AddSingleton(portal.Factory.Services.GetRequiredService<ProjectCommands>());
            _services = true;
        }
        return _ctx.Render<ReferenceMatchPanel>(ps => ps
            .Add(p => p.Session, session)
            .Add(p => p.Settings, session.DefaultSettings())
            .Add(p => p.AppliedRunId, applied)
            .Add(p => p.LiveProgress, progress)
            .Add(p => p.Queued, id => queued?.Invoke(id))
            .Add(p => p.Apply, run => apply?.Invoke(run)));
    }

    [Fact]
    public async Task The_amounts_set_in_the_panel_are_what_the_run_asks_for()
    {
        var session = await WorkspaceMatchTests.TrackWithStoredMixAndReferenceAsync(portal);
        Guid? queued = null;
        var panel = Render(session, queued: id => queued = id);

        // Loudness only, at 50 %, and no clipper added for a loud reference.
        panel.Find("input[data-testid=match-tone]").Change(false);
        panel.Find("input[data-testid=match-width]").Change(false);
        panel.Find("[data-testid=match-loudness-amount] input, input[data-testid=match-loudness-amount]").Input("50");
        Assert.True(panel.Find("input[data-testid=match-may-add-clipper]").HasAttribute("checked"), "the match may add the clipper unless told not to");
        panel.Find("input[data-testid=match-may-add-clipper]").Change(false);
        await panel.Find("[data-testid=match-run]").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.NotNull(queued));

        Assert.Equal(queued!.Value, Assert.Single(_jobs.Matches));
        await using var db = await portal.Db.CreateDbContextAsync();
        var run = await db.MatchRuns.SingleAsync(r => r.Id == queued);
        var request = RevisionMatch.FromJson(run.RequestJson)!;
        Assert.Equal(("Loudness", 50.0), (request.Aspects, request.LoudnessAmountPercent));
        Assert.Equal(session.References.Single().File!.Sha256, request.References.Single().Sha256);
        Assert.Equal(session.DefaultSettings().ToJson(), run.BaseSettingsJson);
        Assert.False(request.MayAddClipper);
        Assert.False(MasteringPortal.Core.Jobs.MatchJob.Options(run).MayAddClipper);
        // A run queued before the choice existed has no such field: the match could add the clipper then, and still can.
        run.RequestJson = System.Text.RegularExpressions.Regex.Replace(run.RequestJson, ",\\s*\"mayAddClipper\"\\s*:\\s*false", "");
        Assert.DoesNotContain("mayAddClipper", run.RequestJson);
        Assert.True(MasteringPortal.Core.Jobs.MatchJob.Options(run).MayAddClipper);
    }

    [Fact]
    public async Task A_running_match_shows_its_progress_and_a_finished_one_not_in_the_chain_offers_to_apply_it()
    {
        var session = await WorkspaceMatchTests.TrackWithStoredMixAndReferenceAsync(portal);
        var run = new MatchRun
        {
            ProjectId = session.ProjectId, TrackId = session.TrackId, MixFileId = session.Mix!.Id, MixSha256 = session.Mix.Sha256,
            RequestJson = new RevisionMatch([], "Loudness", 0, 50, 0, 0, 12, 12).ToJson(), BaseSettingsJson = session.DefaultSettings().ToJson(),
        };
        var job = new PortalJob { ProjectId = session.ProjectId, Kind = PortalJobKind.Match, TargetId = run.Id, State = PortalJobState.Running, ProgressPercent = 20 };
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.MatchRuns.Add(run);
            db.PortalJobs.Add(job);
            await db.SaveChangesAsync();
        }
        await session.ReloadAsync();
        var panel = Render(session, progress: 37);
        Assert.Equal("37", panel.Find("[data-testid=match-progress]").GetAttribute("data-percent"));
        Assert.NotNull(panel.Find("[data-testid=match-cancel]"));
        Assert.True(panel.Find("[data-testid=match-run]").HasAttribute("disabled"));
        Assert.Empty(panel.FindAll("[data-testid=match-result]"));

        // Finished, with a report of a real match, and the chain holds something else.
        static ReferenceAnalysis Analyse(byte[] wav)
        {
            using var source = MasteringPortal.Audio.IO.AudioFile.OpenRead(new MemoryStream(wav));
            return ReferenceAnalyzer.Analyze(source);
        }
        var report = ReferenceMatcher.Match(Analyse(TestMixes.Wav(-12, seconds: 4)), [new WeightedReference(Analyse(TestMixes.Wav(-6, seconds: 4)))],
            new MatchOptions { Aspects = MatchAspects.Loudness });
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var saved = await db.MatchRuns.SingleAsync(r => r.Id == run.Id);
            saved.SettingsJson = report.Settings.ToJson();
            saved.ReportJson = report.Report.ToJson();
            (await db.PortalJobs.SingleAsync(j => j.Id == job.Id)).State = PortalJobState.Succeeded;
            await db.SaveChangesAsync();
        }
        await session.ReloadAsync();
        MatchRun? applied = null;
        var done = Render(session, apply: r => applied = r);
        Assert.Empty(done.FindAll("[data-testid=match-progress]"));
        Assert.Equal("false", done.Find("[data-testid=match-result]").GetAttribute("data-applied"));
        Assert.NotEmpty(done.FindAll("[data-testid=match-report]"));
        await done.Find("[data-testid=match-apply]").ClickAsync(new());
        Assert.Equal(run.Id, applied!.Id);

        done.Render(ps => ps.Add(p => p.AppliedRunId, run.Id));
        Assert.Equal("true", done.Find("[data-testid=match-result]").GetAttribute("data-applied"));
        Assert.Empty(done.FindAll("[data-testid=match-apply]"));
    }

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();
}
