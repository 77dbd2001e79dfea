using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Delivery;
using MasteringPortal.Web.Features.Files;
using MasteringPortal.Web.Features.Retention;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Clients;

/// <summary>One stored file of the export and its path in the ZIP.</summary>
public sealed record ClientExportFile(string EntryName, FileAsset File);

/// <summary>What a client's export holds: the description and the files to stream after it.</summary>
public sealed record ClientExportPackage(string ZipName, ClientExportDocument Document, IReadOnlyList<ClientExportFile> Files);

/// <summary>
/// Everything the portal holds about one client, for the studio's owner only (a client's data is theirs to hand over):
/// the profile, the people who sign in for it, every project with its briefs, the revisions posted to the client and
/// their comments, the comments on the client's mixes and references, the timeline the client sees, the payments; as files, the client's uploads (mixes and references)
/// and the masters of every project paid for. Anyone else, including the studio's other engineers and assistants, is
/// told the client does not exist.
/// </summary>
public static class ClientExport
{
    public static async Task<ClientExportPackage?> LoadAsync(PortalDbContext db, PortalViewer? viewer, Guid clientId, DateTimeOffset now,
        CancellationToken ct = default)
    {
        if (viewer is not { IsOwner: true }) return null;
        var client = await db.Clients.AsNoTracking().Include(c => c.Studio)
            .FirstOrDefaultAsync(c => c.Id == clientId && c.StudioId == viewer.StudioId, ct);
        if (client is null) return null;
        var people = await db.Users.AsNoTracking().Where(u => u.ClientId == client.Id).OrderBy(u => u.Email)
            .Select(u => new PersonExport(u.DisplayName, u.Email)).ToListAsync(ct);
        var projects = await db.Projects.AsNoTracking().Where(p => p.ClientId == client.Id)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.References)
            .Include(p => p.Tracks).ThenInclude(t => t.Brief!).ThenInclude(b => b.ProblemNotes)
            .Include(p => p.Tracks).ThenInclude(t => t.Revisions)
            .Include(p => p.Events).Include(p => p.Payments)
            .AsSplitQuery().ToListAsync(ct);

        var files = new List<ClientExportFile>();
        var exported = new List<ProjectExport>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var project in projects.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id))
        {
            var folder = $"projects/{++index:00} {FileEndpoints.SafeName(project.Title)}";
            var projectFiles = new List<FileExport>();
            var uploads = await db.FileAssets.AsNoTracking()
                .Where(f => f.ProjectId == project.Id && (f.Kind == FileAssetKind.Mix || f.Kind == FileAssetKind.AlternateMix || f.Kind == FileAssetKind.Reference))
                .ToListAsync(ct);
            foreach (var upload in uploads.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id))
                projectFiles.Add(Add(files, names, $"{folder}/uploads/{FileEndpoints.SafeName(upload.OriginalName)}", upload));
            if (project.IsPaid())
                foreach (var item in await DeliveryPackage.ItemsAsync(db, project, ct))
                    projectFiles.Add(Add(files, names, $"{folder}/masters/{item.EntryName}", item.File));
            exported.Add(await DescribeAsync(db, project, projectFiles, ct));
        }
        var document = new ClientExportDocument(now, client.Studio!.Name,
            new ClientProfileExport(client.Name, client.ContactName, client.Email, client.Phone, client.CreatedAt), people, exported);
        return new ClientExportPackage(FileEndpoints.SafeName($"{client.Name} – data export.zip"), document, files);
    }

    /// <summary>Adds a stored file under a name not used yet (two uploads may share a name); a removed file is listed without one.</summary>
    static FileExport Add(List<ClientExportFile> files, HashSet<string> names, string wanted, FileAsset file)
    {
        var note = RetentionRules.RemovedNotice(file);
        string? path = null;
        if (note is null)
        {
            path = wanted;
            for (var n = 2; !names.Add(path); n++)
                path = $"{Path.ChangeExtension(wanted, null)} ({n}){Path.GetExtension(wanted)}";
            files.Add(new ClientExportFile(path, file));
        }
        return new FileExport(file.Id, file.Kind.ToString(), file.OriginalName, file.SizeBytes, file.Sha256, path, note);
    }

    static async Task<ProjectExport> DescribeAsync(PortalDbContext db, Project project, List<FileExport> files, CancellationToken ct)
    {
        // The client sees posted revisions only, and the conversation on them.
        var posted = project.Tracks.SelectMany(t => t.Revisions).Where(r => r.PostedAt is not null).Select(r => r.Id).ToList();
        var comments = (await db.Comments.AsNoTracking().Include(c => c.Author).Where(c => c.RevisionId != null && posted.Contains(c.RevisionId.Value)).ToListAsync(ct))
            .ToLookup(c => c.RevisionId!.Value);
        // And the conversation on the files the client sent: each mix's and reference's comments.
        var onFiles = (await db.Comments.AsNoTracking().Include(c => c.Author).Include(c => c.FileAsset)
                .Where(c => c.FileAssetId != null && c.FileAsset!.ProjectId == project.Id).ToListAsync(ct))
            .GroupBy(c => c.FileAssetId!.Value).Select(g => (File: g.First().FileAsset!, Comments: g))
            .OrderBy(g => g.File.CreatedAt).ThenBy(g => g.File.Id)
            .Select(g => new FileConversationExport(g.File.Id, g.File.Kind.ToString(), g.File.OriginalName, Conversation(g.Comments))).ToList();
        var tracks = project.Tracks.OrderBy(t => t.Position).Select(t => new TrackExport(t.Position, t.Title,
            t.Brief is { } b
                ? new BriefExport(b.TargetPlatforms.ToString(), b.CustomTargetLufs, b.Genre, b.Notes, b.DeliveryFormats.ToString(),
                    b.References.Select(r => new ReferenceExport(r.Title, r.WhatToTake, r.FileAssetId)).ToList(),
                    b.ProblemNotes.OrderBy(n => n.StartSeconds).Select(n => new ProblemNoteExport(n.StartSeconds, n.EndSeconds, n.Text)).ToList())
                : null,
            t.Revisions.Where(r => r.PostedAt is not null).OrderBy(r => r.Number).Select(r => new RevisionExport(r.Number, r.PostedAt, r.EngineerNote,
                t.ApprovedRevisionId == r.Id,
                Conversation(comments[r.Id]))).ToList())).ToList();
        var timeline = project.Events.Where(e => TimelineVisibility.Shows(e, viewerIsEngineer: false)).OrderBy(e => e.At)
            .Select(e => new TimelineExport(e.At, e.Kind.ToString(), e.Description)).ToList();
        var payments = project.Payments.OrderBy(p => p.CreatedAt)
            .Select(p => new PaymentExport(p.AmountMinor, p.Currency, p.Method.ToString(), p.Status.ToString(), p.Reference, p.CreatedAt, p.PaidAt))
            .ToList();
        return new ProjectExport(project.Id, project.Title, project.Kind.ToString(), project.Status.ToString(), project.CreatedAt,
            project.SubmittedAt, project.DueDate, project.QuoteMinor, project.Currency, tracks, timeline, payments, files, onFiles);
    }

    static List<CommentExport> Conversation(IEnumerable<Comment> comments) =>
        comments.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => new CommentExport(c.Id, c.ParentId, AuthorName(c.Author), c.CreatedAt,
            c.StartSeconds, c.EndSeconds, c.Text, c.Resolved, c.EditedAt, c.DeletedAt is not null)).ToList();

    static string AuthorName(PortalUser? author) =>
        author is null ? "Someone" : string.IsNullOrWhiteSpace(author.DisplayName) ? author.Email ?? "Someone" : author.DisplayName;
}
