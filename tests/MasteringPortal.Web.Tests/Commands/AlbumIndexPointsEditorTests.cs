using System.Security.Claims;
using Bunit;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Album;
using MasteringPortal.Web.Features.Review;
using MasteringPortal.Web.Tests.Components;
using MasteringPortal.Web.Tests.Intake;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// The album view's index-point editor keeps every change the engineer makes: a point sent (Enter) while the previous one
/// is still being saved is saved after it, on top of it, not dropped; a removal takes out the point it was clicked on.
/// </summary>
public sealed class AlbumIndexPointsEditorTests : MudComponentTest, IClassFixture<PortalScenario>
{
    readonly PortalScenario portal;
    readonly HeldChangeFeed feed = new();

    public AlbumIndexPointsEditorTests(PortalScenario portal)
    {
        this.portal = portal;
        ctx.Services.AddSingleton(TestCommands.For(portal.Db, feed));
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("engineer");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, portal.EngineerId));
    }

    [Fact]
    public async Task A_point_sent_while_the_last_one_is_saving_is_saved_after_it_not_dropped()
    {
        var (projectId, trackId, _) = await portal.NewProjectAsync(ProjectStatus.InProgress);
        var figures = new ReviewFigureCache(NullLogger<ReviewFigureCache>.Instance);
        var host = ctx.Render<EditorHost>(ps => ps.Add(p => p.Load, async () =>
            (await AlbumView.LoadAsync(portal.Db, figures, portal.Engineer, projectId))!.Rows.Single()));
        host.WaitForElement("[data-testid=album-index-input]");

        // 1:00 is saved but its change is held before it is announced: the save is still running. (The events are
        // dispatched without waiting for their handlers, which wait for the held save.)
        feed.Hold();
        host.Find("input[data-testid=album-index-input]").Input("1:00");
        var first = host.Find("[data-testid=album-index-add]").ClickAsync(new MouseEventArgs());
        host.WaitForAssertion(() => Assert.Equal(1, feed.Waiting));
        // Meanwhile the engineer types 2:00 and presses Enter.
        host.Find("input[data-testid=album-index-input]").Input("2:00");
        var second = Enter(host);
        feed.Release();
        await Task.WhenAll(first, second).WaitAsync(Patience);

        host.WaitForAssertion(() => Assert.Equal(["1:00", "2:00"], Shown(host)));
        Assert.Equal([60.0, 120.0], await StoredAsync(trackId));

        // Two more typed one after the other with Enter, the first still saving when the second is sent.
        feed.Hold();
        host.Find("input[data-testid=album-index-input]").Input("0:30");
        first = Enter(host);
        host.WaitForAssertion(() => Assert.Equal(1, feed.Waiting));
        host.Find("input[data-testid=album-index-input]").Input("3:00");
        second = Enter(host);
        feed.Release();
        await Task.WhenAll(first, second).WaitAsync(Patience);
        host.WaitForAssertion(() => Assert.Equal(["0:30", "1:00", "2:00", "3:00"], Shown(host)));

        // A removal takes out the point it was clicked on.
        host.FindAll("[data-testid=album-index-remove]")[1].Click();
        host.WaitForAssertion(() => Assert.Equal(["0:30", "2:00", "3:00"], Shown(host)));
        Assert.Equal([30.0, 120.0, 180.0], await StoredAsync(trackId));
        Assert.Empty(host.Find("[data-testid=album-index-error]").TextContent.Trim());
        Assert.Empty(host.Find("input[data-testid=album-index-input]").GetAttribute("value") ?? "");
    }

    /// <summary>Only a guard against a hang; nothing here measures time.</summary>
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    static Task Enter(IRenderedComponent<EditorHost> host) =>
        host.Find("input[data-testid=album-index-input]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

    static List<string> Shown(IRenderedComponent<EditorHost> host) =>
        host.FindAll("[data-testid=album-index-point]").Select(li => li.TextContent.Trim().Split(" at ")[1].Split(' ')[0]).ToList();

    async Task<List<double>> StoredAsync(Guid trackId)
    {
        await using var db = await portal.Db.CreateDbContextAsync();
        return (await db.Tracks.AsNoTracking().SingleAsync(t => t.Id == trackId)).IndexPointsSeconds.ToList();
    }

    /// <summary>The editor as the album page holds it: the row read again after every saved change.</summary>
    public sealed class EditorHost : ComponentBase
    {
        [Parameter] public Func<Task<AlbumRow>> Load { get; set; } = default!;
        AlbumRow? row;

        protected override async Task OnInitializedAsync() => row = await Load();

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            if (row is null) return;
            builder.OpenComponent<AlbumIndexPointsEditor>(0);
            builder.AddAttribute(1, nameof(AlbumIndexPointsEditor.Row), row);
            builder.AddAttribute(2, nameof(AlbumIndexPointsEditor.Changed), EventCallback.Factory.Create(this, async () => row = await Load()));
            builder.CloseComponent();
        }
    }

    /// <summary>A change feed that can hold the announcement of a saved change, so a save can be caught mid-way.</summary>
    sealed class HeldChangeFeed : IProjectChangeFeed
    {
        readonly InProcessProjectChangeFeed inner = new(NullLogger<InProcessProjectChangeFeed>.Instance);
        volatile TaskCompletionSource? gate;
        int waiting;

        public int Waiting => Volatile.Read(ref waiting);
        public void Hold() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release()
        {
            var held = gate;
            gate = null;
            held?.SetResult();
        }

        public async Task PublishAsync(ProjectChange change)
        {
            if (gate is { } held)
            {
                Interlocked.Increment(ref waiting);
                try { await held.Task; }
                finally { Interlocked.Decrement(ref waiting); }
            }
            await inner.PublishAsync(change);
        }

        public IDisposable Subscribe(Guid projectId, Func<ProjectChange, Task> handler) => inner.Subscribe(projectId, handler);
        public IDisposable SubscribeAll(Func<ProjectChange, Task> handler) => inner.SubscribeAll(handler);
    }
}
