using Bunit;
using MudBlazor.Services;

namespace MasteringPortal.Web.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor's services and loose JS interop (MudBlazor calls its own JS on first render),
/// disposed asynchronously: MudBlazor's services are only IAsyncDisposable (xunit 2 would call Dispose).
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    protected readonly BunitContext ctx = new();

    protected MudComponentTest()
    {
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => ctx.DisposeAsync().AsTask();
}
