namespace MasteringPortal.Web.Features.Notifications;

/// <summary>
/// Rings bells in the other processes: the save that notified someone may run on a worker or on another web process
/// than the one holding their page. One process has none (the bell rings locally only).
/// </summary>
public interface IBellBroadcast
{
    /// <summary>Tells the other processes these people have something new.</summary>
    Task SendAsync(IReadOnlyCollection<string> userIds);

    /// <summary>Calls <paramref name="ring"/> with the people another process rang for, until disposed.</summary>
    IDisposable Listen(Func<IReadOnlyCollection<string>, Task> ring);
}
