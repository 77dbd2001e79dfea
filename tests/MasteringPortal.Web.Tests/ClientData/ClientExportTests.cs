using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Clients;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// A client's data export: the owner's ZIP holds a JSON description of what the client may see and the client's
/// uploads and paid masters, each equal to its SHA-256; nothing meant for the studio only, and nobody else gets it.
/// </summary>
public sealed class ClientExportTests(ClientDataWorld world) : IClassFixture<ClientDataWorld>
{
    static readonly DateTimeOffset Delivered = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_owner_downloads_the_clients_description_uploads_and_paid_masters_each_matching_its_sha256()
    {
        var project = await world.ProjectAsync("Exported song", ProjectStatus.Delivered, Delivered);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Comments.Add(new Comment { RevisionId = project.ApprovedRevisionId, AuthorId = world.AvaId, StartSeconds = 12.5, Text = "The kick is lovely now" });
            // Her comments on the mix she sent (one edited, one deleted) and on her reference are hers too.
            db.Comments.Add(new Comment { FileAssetId = project.Mix.Id, AuthorId = world.AvaId, StartSeconds = 3, Text = "The snare is already loud in the mix",
                EditedAt = Delivered });
            db.Comments.Add(new Comment { FileAssetId = project.Mix.Id, AuthorId = world.AvaId, StartSeconds = 9, Text = "", DeletedAt = Delivered,
                CreatedAt = DateTimeOffset.UtcNow.AddSeconds(1) });
            db.Comments.Add(new Comment { FileAssetId = project.Reference.Id, AuthorId = world.AvaId, StartSeconds = 40, EndSeconds = 48,
                Text = "This is the low end I mean" });
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = Delivered, Kind = ProjectEventKind.Note, Description = "Studio-only line",
                Audience = EventAudience.Studio });
            db.Payments.Add(new Payment { ProjectId = project.Id, AmountMinor = 34_500, Currency = "EUR", Method = PaymentMethod.Manual,
                Status = PaymentStatus.Paid, Reference = "bank transfer", PaidAt = Delivered });
            await db.SaveChangesAsync();
        }

        using var owner = await world.SignedInAsync(DemoSeeder.EngineerEmail);
        using var response = await owner.GetAsync($"/api/clients/{world.AvaClientId}/export.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        await using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var zip = new ZipArchive(body, ZipArchiveMode.Read);

        using var json = JsonDocument.Parse(await ReadAsync(zip.GetEntry(ClientExportEndpoints.DocumentName)!));
        var root = json.RootElement;
        Assert.Equal(DemoSeeder.ClientEmail, root.GetProperty("client").GetProperty("email").GetString());
        Assert.Contains(root.GetProperty("people").EnumerateArray(), p => p.GetProperty("email").GetString() == DemoSeeder.ClientEmail);
        await using (var db = await world.Db.CreateDbContextAsync())
            Assert.Equal(await db.Projects.CountAsync(p => p.ClientId == world.AvaClientId), root.GetProperty("projects").GetArrayLength());
        var exported = root.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == project.Id);

        var text = exported.ToString();
        Assert.Contains("The kick is lovely now", text);
        Assert.Contains("bank transfer", text);
        Assert.Equal(34_500, exported.GetProperty("payments")[0].GetProperty("amountMinor").GetInt64());
        Assert.DoesNotContain("Studio-only line", text);
        var onFiles = exported.GetProperty("onFiles").EnumerateArray()
            .ToDictionary(f => f.GetProperty("fileId").GetGuid(), f => f.GetProperty("comments").EnumerateArray().ToList());
        Assert.Equal(new HashSet<Guid> { project.Mix.Id, project.Reference.Id }, onFiles.Keys.ToHashSet());
        Assert.Equal([("The snare is already loud in the mix", true, false), ("", false, true)],
            onFiles[project.Mix.Id].Select(c => (c.GetProperty("text").GetString(), c.GetProperty("editedAt").ValueKind == JsonValueKind.String,
                c.GetProperty("deleted").GetBoolean())));
        Assert.Equal(("This is the low end I mean", 48.0), (onFiles[project.Reference.Id][0].GetProperty("text").GetString(),
            onFiles[project.Reference.Id][0].GetProperty("endSeconds").GetDouble()));

        // Every file listed with a path is in the ZIP with exactly the bytes recorded; the uploads and the paid master are there.
        var files = exported.GetProperty("files").EnumerateArray().ToList();
        foreach (var file in files)
        {
            var entry = zip.GetEntry(file.GetProperty("path").GetString()!);
            Assert.NotNull(entry);
            await using var stream = await entry.OpenAsync();
            Assert.Equal(file.GetProperty("sha256").GetString(), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
        var ids = files.Select(f => f.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(new HashSet<Guid> { project.Mix.Id, project.Reference.Id, project.ApprovedMaster.Id }, ids);
        Assert.Equal(project.Mix.Sha256, files.Single(f => f.GetProperty("id").GetGuid() == project.Mix.Id).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task The_client_themselves_and_another_client_are_told_it_does_not_exist()
    {
        using var ava = await world.SignedInAsync(DemoSeeder.ClientEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ava.GetAsync($"/api/clients/{world.AvaClientId}/export.zip")).StatusCode);
        using var ben = await world.SignedInAsync(DemoSeeder.SecondClientEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.GetAsync($"/api/clients/{world.AvaClientId}/export.zip")).StatusCode);
        using var owner = await world.SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/clients/{Guid.NewGuid()}/export.zip")).StatusCode);
    }

    static async Task<string> ReadAsync(ZipArchiveEntry entry)
    {
        await using var stream = await entry.OpenAsync();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
