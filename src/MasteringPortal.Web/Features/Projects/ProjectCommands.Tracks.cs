using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>A project's tracks: added while the brief is open, renamed and reordered by the engineer until work starts.</summary>
public sealed partial class ProjectCommands
{
    public const int MaxTrackTitleLength = 200;

    public Task<ActionOutcome> AddTrackAsync(ClaimsPrincipal user, Guid projectId, string title, CancellationToken ct = default) =>
        TitleProblem(ref title) is { } problem
            ? Task.FromResult(problem)
            : ChangeTracksAsync(user, projectId, ProjectCapability.AddTracks,
                "Tracks can no longer be added: work on this project has started.", (project, actor) =>
                {
                    var position = project.Tracks.Count == 0 ? 1 : project.Tracks.Max(t => t.Position) + 1;
                    project.Tracks.Add(new Track { ProjectId = project.Id, Title = title, Position = position, Brief = new Brief() });
                    workflow.Note(project, actor, $"Track {position} \"{title}\" added.");
                }, ct);

    public Task<ActionOutcome> RenameTrackAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, string title, CancellationToken ct = default) =>
        TitleProblem(ref title) is { } problem
            ? Task.FromResult(problem)
            : ChangeTracksAsync(user, projectId, ProjectCapability.ArrangeTracks,
                "Only the engineer can rename tracks, and only before work starts.", (project, _) =>
                {
                    if (project.Tracks.FirstOrDefault(t => t.Id == trackId) is { } track) track.Title = title;
                }, ct);

    /// <summary>Moves a track one place up (-1) or down (+1) in the running order.</summary>
    public Task<ActionOutcome> MoveTrackAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, int direction, CancellationToken ct = default) =>
        ChangeTracksAsync(user, projectId, ProjectCapability.ArrangeTracks,
            "Only the engineer can reorder tracks, and only before work starts.", (project, _) =>
            {
                var ordered = project.Tracks.OrderBy(t => t.Position).ThenBy(t => t.Title).ToList();
                var index = ordered.FindIndex(t => t.Id == trackId);
                var other = index + direction;
                if (index < 0 || other < 0 || other >= ordered.Count) return;
                (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
                for (var i = 0; i < ordered.Count; i++) ordered[i].Position = i + 1;
            }, ct);

    static ActionOutcome? TitleProblem(ref string title)
    {
        title = (title ?? "").Trim();
        if (title.Length == 0) return ActionOutcome.Refused("Give the track a title.");
        return title.Length > MaxTrackTitleLength
            ? ActionOutcome.Refused($"Track titles can be at most {MaxTrackTitleLength} characters.")
            : null;
    }

    Task<ActionOutcome> ChangeTracksAsync(ClaimsPrincipal user, Guid projectId, ProjectCapability capability, string refusal,
        Action<Project, WorkflowActor> change, CancellationToken ct) =>
        ChangeProjectTracksAsync(user, projectId, capability, refusal, (project, actor) =>
        {
            change(project, actor);
            return null;
        }, ct);
}
