namespace MasteringPortal.Core.Changes;

/// <summary>
/// The one live feed of committed project changes. Whatever changes a project publishes here once, after its save;
/// Blazor pages subscribe per project (and call <c>InvokeAsync(StateHasChanged)</c> in the handler), the review hub's
/// relay subscribes to all projects and forwards each audience what it may see. The in-process implementation
/// serves one process; a multi-process deployment backs the same interface with a message bus.
/// </summary>
public interface IProjectChangeFeed
{
    /// <summary>Delivers a change to every subscriber of its project and every subscriber of all projects.</summary>
    Task PublishAsync(ProjectChange change);

    /// <summary>Calls <paramref name="handler"/> for every change of this project until the result is disposed.</summary>
    IDisposable Subscribe(Guid projectId, Func<ProjectChange, Task> handler);

    /// <summary>Calls <paramref name="handler"/> for every change of every project until the result is disposed (relays).</summary>
    IDisposable SubscribeAll(Func<ProjectChange, Task> handler);
}
