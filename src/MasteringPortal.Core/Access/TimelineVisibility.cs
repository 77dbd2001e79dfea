using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Access;

/// <summary>
/// Which timeline lines a viewer of a project reads: the studio every line, a client only the lines meant for
/// everyone. A line about work the client has not been shown (a revision rendered or uploaded but not posted, a
/// payment for the engineer to check) is written with <see cref="EventAudience.Studio"/>.
/// </summary>
public static class TimelineVisibility
{
    public static bool Shows(ProjectEvent line, bool viewerIsEngineer) => viewerIsEngineer || line.Audience == EventAudience.Everyone;
}
