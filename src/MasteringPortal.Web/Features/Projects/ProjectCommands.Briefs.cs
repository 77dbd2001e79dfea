using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Changes;
using MasteringPortal.Core.Commands;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Projects;

/// <summary>The fields a page changed on one row (all of them for a new row), by property name.</summary>
public sealed record FieldEdits(Guid Id, IReadOnlyDictionary<string, object?> Fields);

/// <summary>
/// The edits a page made to one brief since it read it at <paramref name="ReadVersion"/>: its changed fields, the
/// references and problem notes added or changed, and the ids of those removed. Only what was edited travels, so what
/// someone else changed meanwhile (a reference's file attached by an upload) is not written back over.
/// </summary>
public sealed record BriefEdit(Guid BriefId, Guid ReadVersion, IReadOnlyDictionary<string, object?> Fields,
    IReadOnlyList<FieldEdits> References, IReadOnlyList<Guid> RemovedReferences,
    IReadOnlyList<FieldEdits> ProblemNotes, IReadOnlyList<Guid> RemovedProblemNotes);

/// <summary>The brief: written by the client (or the engineer for them) while the project is a draft.</summary>
public sealed partial class ProjectCommands
{
    /// <summary>
    /// Saves brief edits in one save, each brief guarded by the version the page read. When someone else saved a brief
    /// first, nothing is saved and the outcome is <see cref="ActionOutcome.Conflicted"/>: the page keeps its edits.
    /// </summary>
    public async Task<ActionOutcome> SaveBriefsAsync(ClaimsPrincipal user, Guid projectId, IReadOnlyList<BriefEdit> edits,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (viewer is null || project is null) return ActionOutcome.NotYours;
        if (!ProjectCapabilities.Allows(ProjectCapability.EditBrief, project, viewer.AsActor()))
            return ActionOutcome.Refused("The brief can only be changed before the project is submitted.");
        if (edits.Count == 0) return ActionOutcome.Done;

        var ids = edits.Select(e => e.BriefId).ToList();
        var briefs = await db.Briefs.Include(b => b.Track).Include(b => b.References).Include(b => b.ProblemNotes)
            .Where(b => ids.Contains(b.Id) && b.Track!.ProjectId == project.Id)
            .ToDictionaryAsync(b => b.Id, ct);
        foreach (var edit in edits)
        {
            // A brief that is gone (its track was removed) is someone else's change too.
            if (!briefs.TryGetValue(edit.BriefId, out var brief)) return ActionOutcome.Conflict;
            Apply(db, brief, edit);
            if (BriefRules.Check(brief) is { } problem) return ActionOutcome.Refused(problem);
        }
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }

    /// <summary>
    /// The studio adds a file format to a submitted brief (the client asked by e-mail, or the distributor needs it), with a
    /// line in the shared timeline. Formats are only added here: what the client asked for is not taken away.
    /// </summary>
    public async Task<ActionOutcome> AddDeliveryFormatAsync(ClaimsPrincipal user, Guid projectId, Guid trackId, DeliveryFormats format,
        CancellationToken ct = default)
    {
        if (!Enum.IsDefined(format) || format == DeliveryFormats.None) return ActionOutcome.Refused("Choose one file format to add.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var viewer = await db.ViewerAsync(user, ct);
        var project = await db.VisibleProjects(viewer).FirstOrDefaultAsync(p => p.Id == projectId, ct);
        var track = project is null ? null
            : await db.Tracks.Include(t => t.Brief).FirstOrDefaultAsync(t => t.Id == trackId && t.ProjectId == project.Id, ct);
        if (viewer is null || project is null || track is null) return ActionOutcome.NotYours;
        var actor = viewer.AsActor();
        if (!viewer.IsTeam) return ActionOutcome.Refused("The brief is settled once submitted; ask the engineer in a comment for another format.");
        if (ProjectCapabilities.Allows(ProjectCapability.EditBrief, project, actor))
            return ActionOutcome.Refused("The brief is still a draft: tick the format in the brief and save it.");
        if (project.Status == ProjectStatus.Delivered) return ActionOutcome.Refused("The masters were delivered: this project takes no new formats.");
        var brief = track.Brief ??= new Brief { TrackId = track.Id };
        if (brief.DeliveryFormats.HasFlag(format)) return ActionOutcome.Done;
        brief.DeliveryFormats |= format;
        workflow.Note(project, actor, $"{FormatName(format)} added to the files delivered for \"{track.Title}\".");
        return await SaveAndPublishAsync(db, [Change(project.Id, ProjectChangeKind.Project, null)], ct);
    }

    static string FormatName(DeliveryFormats format) =>
        BriefEditor.Formats.FirstOrDefault(f => f.Item1 == format).Item2 ?? format.ToString();

    static void Apply(DbContext db, Brief brief, BriefEdit edit)
    {
        var entry = db.Entry(brief);
        entry.Property(b => b.Version).OriginalValue = edit.ReadVersion;
        foreach (var (name, value) in edit.Fields) entry.Property(name).CurrentValue = value;
        brief.References.RemoveAll(r => edit.RemovedReferences.Contains(r.Id));
        Upsert(brief.References, edit.References, r => r.Id, id => new ReferenceTrack { Id = id });
        brief.ProblemNotes.RemoveAll(n => edit.RemovedProblemNotes.Contains(n.Id));
        Upsert(brief.ProblemNotes, edit.ProblemNotes, n => n.Id, id => new ProblemNote { Id = id });
    }

    static void Upsert<T>(List<T> rows, IEnumerable<FieldEdits> edits, Func<T, Guid> idOf, Func<Guid, T> create)
    {
        foreach (var edit in edits)
        {
            var row = rows.FirstOrDefault(r => idOf(r) == edit.Id);
            if (row is null) rows.Add(row = create(edit.Id));
            foreach (var (name, value) in edit.Fields)
                (typeof(T).GetProperty(name) ?? throw new ArgumentException($"{typeof(T).Name} has no field {name}.")).SetValue(row, value);
        }
    }
}
