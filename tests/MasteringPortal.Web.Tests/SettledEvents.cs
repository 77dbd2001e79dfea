using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Web;

namespace MasteringPortal.Web.Tests;

/// <summary>
/// bUnit's synchronous event helpers (<c>Click()</c>, <c>Change(value)</c>, …) start the event and return without
/// waiting for it (<c>_ = TriggerEventAsync(…)</c>): when the renderer is busy, or a handler awaits, the handler and
/// its render finish after the call, and a <c>Find</c> straight after races them. That failed now and then on a
/// busy two-core CI machine. These helpers have the same names and wait (bounded) for the event and its render.
/// Because they sit in the namespace that encloses every test class, C# finds them before bUnit's, which are
/// imported by a using directive; so every component test, new ones included, reads the page the event left.
/// </summary>
public static class SettledEvents
{
    /// <summary>Only a guard against a hang, far above any real event.</summary>
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static void Click(this IElement element, MouseEventArgs? eventArgs = null) =>
        Settle(EventHandlerDispatchExtensions.ClickAsync(element, eventArgs!), "click");

    public static void MouseDown(this IElement element, MouseEventArgs? eventArgs = null) =>
        Settle(EventHandlerDispatchExtensions.MouseDownAsync(element, eventArgs!), "mouse down");

    public static void Change<T>(this IElement element, T value) =>
        Settle(EventHandlerDispatchExtensions.ChangeAsync(element, value), "change");

    public static void Input<T>(this IElement element, T value) =>
        Settle(EventHandlerDispatchExtensions.InputAsync(element, value), "input");

    static void Settle(Task handled, string what)
    {
        try
        {
            handled.WaitAsync(Patience).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The {what} event and its render did not finish within {Patience}.");
        }
    }
}
