using Bunit;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>The checklist shows the analysis as it stands, and asks for the client's confirmation only when a check is a problem.</summary>
public sealed class IntakeChecklistTests : MudComponentTest
{
    static readonly Lazy<IntakeAnalysis> Clipping = new(TestMixes.Clipping);
    static readonly Lazy<IntakeAnalysis> Healthy = new(TestMixes.Healthy);
    static readonly FileAsset Mix = new() { OriginalName = "song_mix.wav" };

    IRenderedComponent<IntakeChecklist> RenderList(FileAnalysisState state, bool canAcknowledge = false, bool acknowledged = false,
        Action<bool>? onAcknowledged = null) =>
        ctx.Render<IntakeChecklist>(ps => ps
            .Add(p => p.State, state)
            .Add(p => p.CanAcknowledge, canAcknowledge)
            .Add(p => p.Acknowledged, acknowledged)
            .Add(p => p.AcknowledgedChanged, on => onAcknowledged?.Invoke(on)));

    static FileAnalysisState Done(IntakeAnalysis analysis) => new(Mix, AnalysisPhase.Done, 100, null, analysis, null);

    [Fact]
    public void A_clipping_mix_shows_its_problems_and_the_client_can_confirm_going_ahead()
    {
        bool? confirmed = null;
        var list = RenderList(Done(Clipping.Value), canAcknowledge: true, onAcknowledged: on => confirmed = on);
        Assert.Equal("problem", list.Find("[data-testid=check-headroom]").GetAttribute("data-status"));
        Assert.Equal("problem", list.Find("[data-testid=check-clipping]").GetAttribute("data-status"));
        Assert.Contains("Upload a corrected mix", list.Find("[data-testid=intake-problems]").TextContent);
        list.Find("input[data-testid=acknowledge-problems]").Change(true);
        Assert.True(confirmed);
    }

    [Fact]
    public void A_healthy_mix_lists_every_check_without_asking_anything()
    {
        Assert.False(Healthy.Value.HasProblems, string.Join(" ", Healthy.Value.Checks.Select(c => $"{c.Id}: {c.Status}")));
        var list = RenderList(Done(Healthy.Value), canAcknowledge: true);
        Assert.Equal("pass", list.Find("[data-testid=check-headroom]").GetAttribute("data-status"));
        Assert.Equal(Healthy.Value.Checks.Count, list.FindAll("[data-testid^=check-]").Count);
        Assert.Empty(list.FindAll("[data-testid=intake-problems]"));
        Assert.Contains("-12.0 dBFS", list.Find("[data-testid=figure-sample-peak]").TextContent);
    }

    [Fact]
    public void The_engineer_sees_that_the_client_chose_to_go_ahead_but_cannot_tick_it_for_them()
    {
        var list = RenderList(Done(Clipping.Value), canAcknowledge: false, acknowledged: true);
        Assert.Contains("chose to go ahead", list.Find("[data-testid=problems-acknowledged]").TextContent);
        Assert.Empty(list.FindAll("[data-testid=acknowledge-problems]"));
    }

    [Fact]
    public void A_running_analysis_shows_its_progress_and_a_failed_one_its_reason()
    {
        var running = RenderList(new FileAnalysisState(Mix, AnalysisPhase.Running, 42, null, null, Guid.NewGuid()));
        Assert.Contains("42 %", running.Find("[data-testid=intake-progress]").TextContent);
        var failed = RenderList(new FileAnalysisState(Mix, AnalysisPhase.Failed, 0, "This file ends early.", null, Guid.NewGuid()));
        Assert.Equal("This file ends early.", failed.Find("[data-testid=intake-failed]").TextContent.Trim());
    }
}
