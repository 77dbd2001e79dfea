using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace MasteringPortal.Web.Tests;

/// <summary>The test suite's <c>Click()</c> and <c>Change()</c> are <see cref="SettledEvents"/>' and wait for an awaiting handler.</summary>
public sealed class SettledEventsTests : IAsyncDisposable
{
    readonly BunitContext ctx = new();

    [Fact]
    public void A_click_returns_after_the_awaiting_handler_has_rendered()
    {
        var cut = ctx.Render<AwaitingHandlers>();
        cut.Find("button").Click();
        Assert.Equal("clicked", cut.Find("output").TextContent);
    }

    [Fact]
    public void A_change_returns_after_the_awaiting_handler_has_rendered()
    {
        var cut = ctx.Render<AwaitingHandlers>();
        cut.Find("input").Change("typed");
        Assert.Equal("typed", cut.Find("output").TextContent);
    }

    public ValueTask DisposeAsync() => ctx.DisposeAsync();

    /// <summary>Handlers that finish only after an await that really yields, as a busy renderer or a MudBlazor handler can.</summary>
    sealed class AwaitingHandlers : ComponentBase
    {
        string _state = "waiting";

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "onclick", EventCallback.Factory.Create(this, async () => { await Task.Delay(50); _state = "clicked"; }));
            builder.CloseElement();
            builder.OpenElement(2, "input");
            builder.AddAttribute(3, "onchange", EventCallback.Factory.Create<ChangeEventArgs>(this, async e => { await Task.Delay(50); _state = (string)e.Value!; }));
            builder.CloseElement();
            builder.OpenElement(4, "output");
            builder.AddContent(5, _state);
            builder.CloseElement();
        }
    }
}
