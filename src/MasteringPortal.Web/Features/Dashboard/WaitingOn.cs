using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Dashboard;

/// <summary>Who has to act next on a project.</summary>
public enum Party { Nobody, Client, Engineer }

/// <summary>The facts about a project that decide who it waits on; gathered by <see cref="DashboardQueries"/>.</summary>
public sealed record ProjectProgress(
    ProjectStatus Status,
    int TrackCount,
    int TracksWithBrief,
    int LatestPostedRevision,
    DateTimeOffset StatusSince);

/// <summary>
/// What a project waits on and since when. <see cref="Task"/> is the thing awaited in the engineer's words
/// ("brief", "revision 2"); <see cref="Describe"/> words it for whoever looks.
/// </summary>
public sealed record WaitingOn(Party Party, ProjectStatus Status, string Task, DateTimeOffset Since)
{
    public static WaitingOn For(ProjectProgress p) => p.Status switch
    {
        ProjectStatus.Draft when p.TrackCount == 0 => new(Party.Client, p.Status, "tracks and brief", p.StatusSince),
        ProjectStatus.Draft when p.TracksWithBrief < p.TrackCount => new(Party.Client, p.Status, "brief", p.StatusSince),
        ProjectStatus.Draft => new(Party.Client, p.Status, "submission", p.StatusSince),
        ProjectStatus.Submitted => new(Party.Engineer, p.Status, "start of work", p.StatusSince),
        ProjectStatus.InProgress => new(Party.Engineer, p.Status, $"revision {p.LatestPostedRevision + 1}", p.StatusSince),
        ProjectStatus.InReview => new(Party.Client, p.Status, $"review of revision {Math.Max(1, p.LatestPostedRevision)}", p.StatusSince),
        ProjectStatus.ChangesRequested => new(Party.Engineer, p.Status, $"revision {p.LatestPostedRevision + 1}", p.StatusSince),
        ProjectStatus.Approved => new(Party.Client, p.Status, "payment", p.StatusSince),
        ProjectStatus.Paid => new(Party.Engineer, p.Status, "delivery", p.StatusSince),
        _ => new(Party.Nobody, p.Status, "", p.StatusSince),
    };

    /// <summary>
    /// The line on a dashboard: for the engineer "Waiting for client: brief" or
    /// "Waiting for you: revision 2 requested 3 days ago"; for the client what is asked of them now.
    /// </summary>
    public string Describe(Party viewer, DateTimeOffset now)
    {
        if (Party == Party.Nobody) return viewer == Party.Client ? "Delivered: nothing more to do" : "Delivered";
        var since = Ago.Describe(Since, now);
        if (viewer == Party.Engineer)
        {
            var who = Party == Party.Engineer ? "you" : "client";
            var detail = Status switch
            {
                ProjectStatus.Submitted => $" (submitted {since})",
                ProjectStatus.ChangesRequested => $" requested {since}",
                ProjectStatus.InReview => $" (posted {since})",
                ProjectStatus.Approved => $" (approved {since})",
                _ => "",
            };
            return $"Waiting for {who}: {Task}{detail}";
        }
        return Status switch
        {
            ProjectStatus.Draft when Task == "submission" => "Your turn: submit the project",
            ProjectStatus.Draft => $"Your turn: fill in the {Task}",
            ProjectStatus.InReview => $"Your turn: {Task.Replace("review of", "review")}",
            ProjectStatus.Approved => "Your turn: pay",
            ProjectStatus.Submitted => "Nothing for now: the engineer starts soon",
            ProjectStatus.InProgress or ProjectStatus.ChangesRequested => $"Nothing for now: the engineer is working on {Task}",
            ProjectStatus.Paid => "Nothing for now: your masters are being prepared",
            _ => "",
        };
    }

    /// <summary>True when the viewer is the one the project waits on.</summary>
    public bool IsTurnOf(Party viewer) => Party == viewer;
}
