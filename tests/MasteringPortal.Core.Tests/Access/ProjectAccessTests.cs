using System.Security.Claims;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Access;

public sealed class SqliteProjectAccessTests(SqliteTestDatabase db) : ProjectAccessTests<SqliteTestDatabase>(db);
public sealed class PostgresProjectAccessTests(PostgresTestDatabase db) : ProjectAccessTests<PostgresTestDatabase>(db);

public abstract class ProjectAccessTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    static ClaimsPrincipal SignedIn(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));

    [SkippableFact]
    public async Task A_client_sees_only_their_own_projects()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);

        var viewer = await db.ViewerAsync(SignedIn(seed.ClientAUser.UserId));
        Assert.Equal(seed.ClientAUser, viewer);
        var visible = await db.VisibleProjects(viewer).Select(p => p.Id).ToListAsync();
        Assert.Equal([seed.ProjectA.Id], visible);
    }

    [SkippableFact]
    public async Task A_client_can_neither_see_nor_change_another_clients_project()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var clientA = SignedIn(seed.ClientAUser.UserId);

        Assert.True(await db.CanViewAsync(clientA, seed.ProjectA.Id));
        Assert.True(await db.CanEditAsync(clientA, seed.ProjectA.Id));
        Assert.False(await db.CanViewAsync(clientA, seed.ProjectB.Id));
        Assert.False(await db.CanEditAsync(clientA, seed.ProjectB.Id));
        Assert.False(await (await db.VisibleProjectsAsync(clientA)).AnyAsync(p => p.Id == seed.ProjectB.Id));
    }

    [SkippableFact]
    public async Task A_client_cannot_reach_another_clients_files()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var fileOfB = new FileAsset { ProjectId = seed.ProjectB.Id, Kind = FileAssetKind.Mix, OriginalName = "b.wav", Sha256 = new string('b', 64), StorageKey = new string('b', 64) };
        db.FileAssets.Add(fileOfB);
        await db.SaveChangesAsync();

        Assert.False(await db.CanViewFileAsync(seed.ClientAUser, fileOfB.Id));
        Assert.True(await db.CanViewFileAsync(seed.ClientBUser, fileOfB.Id));
        Assert.True(await db.CanViewFileAsync(seed.Engineer, fileOfB.Id));
    }

    [SkippableFact]
    public async Task The_engineer_sees_every_project_of_the_studio_and_none_of_another_studio()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var other = await StudioSeed.CreateAsync(db);

        var viewer = await db.ViewerAsync(seed.Engineer.UserId);
        Assert.True(viewer!.IsEngineer);
        var visible = await db.VisibleProjects(viewer).Select(p => p.Id).ToListAsync();
        Assert.Equal(new[] { seed.ProjectA.Id, seed.ProjectB.Id }.Order(), visible.Order());
        Assert.False(await db.CanEditAsync(viewer, other.ProjectA.Id));
    }

    [SkippableFact]
    public async Task Nobody_unknown_sees_anything()
    {
        await using var db = Db();
        await StudioSeed.CreateAsync(db);

        Assert.Null(await db.ViewerAsync(new ClaimsPrincipal(new ClaimsIdentity())));
        Assert.Empty(await (await db.VisibleProjectsAsync(new ClaimsPrincipal(new ClaimsIdentity()))).ToListAsync());
        Assert.Empty(await (await db.VisibleProjectsAsync(SignedIn("no-such-user"))).ToListAsync());
    }

    [SkippableFact]
    public async Task A_user_without_role_or_client_sees_nothing()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var stray = new PortalUser { UserName = $"{Guid.NewGuid():N}", DisplayName = "Stray", StudioId = seed.Studio.Id };
        db.Users.Add(stray);
        await db.SaveChangesAsync();
        Assert.Empty(await (await db.VisibleProjectsAsync(SignedIn(stray.Id))).ToListAsync());
    }
}
