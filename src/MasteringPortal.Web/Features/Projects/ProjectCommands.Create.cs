using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>A new project: a draft for one of the engineer's clients, with a first quote from the studio's prices.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>The new project's id, or null when the user may not create it (not an engineer, or not their studio's client).</summary>
    public async Task<Guid?> CreateProjectAsync(ClaimsPrincipal user, NewProjectForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        if (viewer is not { IsEngineer: true } || form.ClientId is not { } clientId) return null;
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId, ct);
        if (client is null) return null;
        var studio = await db.Studios.FirstAsync(s => s.Id == viewer.StudioId, ct);
        var project = new Project
        {
            StudioId = studio.Id,
            ClientId = client.Id,
            Title = form.Title.Trim(),
            Kind = form.Kind,
            DueDate = form.DueDate is { } due ? DateOnly.FromDateTime(due) : null,
            Currency = studio.Currency,
            CreatedAt = clock.GetUtcNow(),
        };
        var titles = form.TrackList;
        for (var i = 0; i < titles.Count; i++)
            project.Tracks.Add(new Track { ProjectId = project.Id, Title = titles[i], Position = i + 1, Brief = new Brief() });
        var quote = Quote.For(studio, project, titles.Count);
        project.QuoteMinor = quote.TotalMinor;
        project.Events.Add(new ProjectEvent
        {
            ProjectId = project.Id,
            At = project.CreatedAt,
            ActorId = viewer.UserId,
            Kind = ProjectEventKind.Created,
            Description = $"Project created for {client.Name} ({titles.Count} track{(titles.Count == 1 ? "" : "s")}; first quote {quote.Total}).",
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        await PublishAsync([Change(project.Id, ProjectChangeKind.Project, null)]);
        return project.Id;
    }
}
