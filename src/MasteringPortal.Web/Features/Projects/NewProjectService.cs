using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
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

/// <summary>What the new-project page offers; the project itself is created through <see cref="ProjectCommands.CreateProjectAsync"/>.</summary>
public sealed class NewProjectService(IDbContextFactory<PortalDbContext> factory)
{
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
}
