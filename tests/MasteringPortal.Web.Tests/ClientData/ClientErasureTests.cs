using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Clients;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// Erasing a client on request: refused without the typed name and for anyone but the owner; afterwards no row of the
/// database names them or holds their words, they cannot sign in, their files are gone unless shared, the payments
/// remain with their amounts, and the owner reads who did it and when.
/// </summary>
public sealed class ClientErasureTests(ClientDataWorld world) : ClientErasureTests<ClientDataWorld>(world);

/// <summary>The same on PostgreSQL: erasure's bulk updates are SQL of their own on each provider.</summary>
public sealed class PostgresClientErasureTests(PostgresClientDataWorld world) : ClientErasureTests<PostgresClientDataWorld>(world);

public abstract class ClientErasureTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : ClientDataWorld
{
    const string Name = "Cleo Sandqvist";
    const string Email = "cleo.sandqvist@example.org";
    const string Password = "cleo's own long password";
    const string Phone = "+46 70 123 45 67";
    const string ProjectTitle = "Sandqvist Lullabies";

    /// <summary>What Cleo's rows hold that names her or is her words; each is made from the name it is given.</summary>
    static readonly string[] Traces = [Name, "Sandqvist", Email, Phone, Comment(Name), Reference(Name), Notes(Name), ProjectTitle];

    static string Comment(string name) => $"{name} thinks the hi-hats are too bright";
    static string Reference(string name) => $"bank transfer from {name}";
    static string Notes(string name) => $"{name}'s brief notes";

    ClientErasure Erasure => world.Factory.Services.GetRequiredService<ClientErasure>();

    /// <summary>A client of the demo studio with a member who signs in, a delivered project with a comment, notes, a payment and files.</summary>
    async Task<(Guid ClientId, string UserId, DemoProject Project, FileAsset Shared)> CleoAsync(string name = Name, string email = Email)
    {
        var client = new Client { StudioId = world.StudioId, Name = name, ContactName = name, Email = email, Phone = name == Name ? Phone : "+47 22 00 00 00" };
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }
        string userId;
        using (var scope = world.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, DisplayName = name, StudioId = world.StudioId, ClientId = client.Id, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Client)).Succeeded);
            userId = user.Id;
        }
        // One of Cleo's mixes has the same bytes as a mix of Ava's: those bytes must stay for Ava.
        var sharedContent = Guid.NewGuid().ToByteArray().Concat(new byte[2048]).ToArray();
        var project = await world.ProjectAsync(name == Name ? ProjectTitle : $"{name}'s songs", ProjectStatus.Delivered, DateTimeOffset.UtcNow, clientId: client.Id, mixContent: sharedContent);
        var avas = await world.ProjectAsync("Ava keeps this", ProjectStatus.InReview, null, mixContent: sharedContent);
        await using (var db = await world.Db.CreateDbContextAsync())
        {
            db.Comments.Add(new Comment { RevisionId = project.ApprovedRevisionId, AuthorId = userId, StartSeconds = 3, Text = Comment(name) });
            db.Payments.Add(new Payment { ProjectId = project.Id, AmountMinor = 48_000, Currency = "EUR", Method = PaymentMethod.Manual,
                Status = PaymentStatus.Paid, Reference = Reference(name), PaidAt = DateTimeOffset.UtcNow });
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = DateTimeOffset.UtcNow, ActorId = userId,
                Kind = ProjectEventKind.ChangesRequested, Description = $"Changes requested. Notes: {Comment(name)}" });
            var brief = await db.Briefs.SingleAsync(b => b.TrackId == project.TrackId);
            brief.Notes = Notes(name);
            await db.SaveChangesAsync();
        }
        return (client.Id, userId, project, avas.Mix);
    }

    [SkippableFact]
    public async Task Without_the_typed_name_or_by_anyone_but_the_owner_nothing_is_erased()
    {
        Skip.If(world.SkipReason is not null, world.SkipReason);
        // Someone else than Cleo, so that the other test's search for Cleo's traces is not confused by this one.
        const string other = "Dag Unerased";
        var (clientId, _, project, _) = await CleoAsync(other, "dag.unerased@example.org");
        Assert.False((await Erasure.EraseAsync(world.Engineer, clientId, "Dag")).Erased);
        Assert.False((await Erasure.EraseAsync(world.Ava, clientId, other)).Erased);
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(other, (await db.Clients.SingleAsync(c => c.Id == clientId)).Name);
        Assert.True(world.Store.Exists(project.Preview.StorageKey));
        var reference = clientId.ToString("N")[..8];
        Assert.Empty(await db.AuditEntries.Where(a => a.Details.Contains(reference)).ToListAsync());
    }

    [SkippableFact]
    public async Task After_erasure_no_row_names_the_client_their_files_are_gone_unless_shared_and_payments_keep_their_amounts()
    {
        Skip.If(world.SkipReason is not null, world.SkipReason);
        var (clientId, userId, project, shared) = await CleoAsync();
        var outcome = await Erasure.EraseAsync(world.Engineer, clientId, "  " + Name + " ");
        Assert.True(outcome.Erased, outcome.Message);

        // Every row of every table the portal keeps, as JSON: none holds a trace of Cleo.
        await using var db = await world.Db.CreateDbContextAsync();
        var rows = await EveryRowAsync(db);
        foreach (var trace in Traces)
            Assert.DoesNotContain(rows, r => r.Contains(trace, StringComparison.OrdinalIgnoreCase));

        Assert.All(project.Removable.Concat(project.Kept).Where(f => f.StorageKey != shared.StorageKey),
            f => Assert.False(world.Store.Exists(f.StorageKey), f.OriginalName));
        Assert.True(world.Store.Exists(shared.StorageKey));
        Assert.Empty(await db.FileAssets.Where(f => f.ProjectId == project.Id).ToListAsync());

        var payment = await db.Payments.SingleAsync(p => p.ProjectId == project.Id);
        Assert.Equal(48_000, payment.AmountMinor);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(ProjectStatus.Delivered, (await db.Projects.SingleAsync(p => p.Id == project.Id)).Status);

        using (var scope = world.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(userId);
            Assert.False(await users.CheckPasswordAsync(user!, Password));
            Assert.True(await users.IsLockedOutAsync(user!));
            Assert.Null(await users.FindByEmailAsync(Email));
        }

        var audit = await world.Factory.Services.GetRequiredService<AuditLog>().LoadAsync(world.Engineer);
        var entry = Assert.Single(audit!, a => a.Details.Contains(clientId.ToString("N")[..8]));
        Assert.Equal(world.EngineerId, entry.ActorId);
        Assert.Contains("Erased", entry.Action);
        Assert.Null(await world.Factory.Services.GetRequiredService<AuditLog>().LoadAsync(world.Ava));
    }

    // Relaxed escaping, so that an apostrophe or a plus sign in a trace is written as itself and can be found.
    static readonly JsonSerializerOptions Json = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Each row of each entity type in the model, serialised.</summary>
    static async Task<List<string>> EveryRowAsync(PortalDbContext db)
    {
        var rows = new List<string>();
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.ClrType != typeof(Dictionary<string, object>)))
        {
            var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            foreach (var row in await set.AsNoTracking().ToListAsync())
                rows.Add(JsonSerializer.Serialize(row, type.ClrType, Json));
        }
        Assert.True(rows.Count > 100, "the database was read");
        return rows;
    }
}
