using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>A new project as the engineer fills it in.</summary>
public sealed class NewProjectForm
{
    [Required(ErrorMessage = "Choose the client this project is for.")]
    public Guid? ClientId { get; set; }

    [Required(ErrorMessage = "Give the project a title, e.g. the release name.")]
    [StringLength(200, ErrorMessage = "The title can be at most 200 characters.")]
    public string Title { get; set; } = "";

    public ProjectKind Kind { get; set; } = ProjectKind.Single;

    public DateTime? DueDate { get; set; }

    /// <summary>One track title per line, in running order. May be left empty: the client can add tracks.</summary>
    [StringLength(20_000)]
    public string TrackTitles { get; set; } = "";

    public IReadOnlyList<string> TrackList => TrackTitles
        .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(t => t.Length > 200 ? t[..200] : t)
        .ToList();
}

/// <summary>Options the new-project page offers: the studio's clients and its terms.</summary>
public sealed record NewProjectChoices(IReadOnlyList<(Guid Id, string Name)> Clients, Studio Studio);

/// <summary>Creates a draft project for one of the engineer's clients, with a first quote from the studio's prices.</summary>
public sealed class NewProjectService(IDbContextFactory<PortalDbContext> factory, TimeProvider? clock = null)
{
    TimeProvider Clock => clock ?? TimeProvider.System;

    public async Task<NewProjectChoices?> ChoicesAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsEngineer: true }) return null;
        var studio = await db.Studios.AsNoTracking().FirstAsync(s => s.Id == viewer.StudioId, ct);
        var clients = (await db.Clients.AsNoTracking().Where(c => c.StudioId == viewer.StudioId)
                .Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => (c.Id, c.Name)).ToList();
        return new NewProjectChoices(clients, studio);
    }

    /// <summary>The new project's id, or null when the user may not create it (not an engineer, or not their studio's client).</summary>
    public async Task<Guid?> CreateAsync(ClaimsPrincipal principal, NewProjectForm form, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(principal, ct);
        if (viewer is not { IsEngineer: true } || form.ClientId is not { } clientId) return null;
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId, ct);
        if (client is null) return null;
        var studio = await db.Studios.FirstAsync(s => s.Id == viewer.StudioId, ct);
        var now = Clock.GetUtcNow();
        var project = new Project
        {
            StudioId = studio.Id,
            ClientId = client.Id,
            Title = form.Title.Trim(),
            Kind = form.Kind,
            DueDate = form.DueDate is { } due ? DateOnly.FromDateTime(due) : null,
            Currency = studio.Currency,
            CreatedAt = now,
        };
        var titles = form.TrackList;
        for (var i = 0; i < titles.Count; i++)
            project.Tracks.Add(new Track { ProjectId = project.Id, Title = titles[i], Position = i + 1, Brief = new Brief() });
        var quote = Quote.For(studio, project, titles.Count);
        project.QuoteMinor = quote.TotalMinor;
        project.Events.Add(new ProjectEvent
        {
            ProjectId = project.Id,
            At = now,
            ActorId = viewer.UserId,
            Kind = ProjectEventKind.Created,
            Description = $"Project created for {client.Name} ({titles.Count} track{(titles.Count == 1 ? "" : "s")}; first quote {quote.Total}).",
        });
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return project.Id;
    }
}
