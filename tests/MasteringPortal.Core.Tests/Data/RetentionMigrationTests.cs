using MasteringPortal.Core.Data;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MasteringPortal.Core.Tests.Data;

public sealed class SqliteRetentionMigrationTests(SqliteTestDatabase db) : RetentionMigrationTests<SqliteTestDatabase>(db);
public sealed class PostgresRetentionMigrationTests(PostgresTestDatabase db) : RetentionMigrationTests<PostgresTestDatabase>(db);

/// <summary>
/// The studio's one retention number becomes the days of each kind of file when the database is upgraded, so an
/// upgrade keeps every file exactly as long as before.
/// </summary>
public abstract class RetentionMigrationTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    /// <summary>The last migration with the single RetentionDays column (EF finds it by name in either provider).</summary>
    const string MigrationBefore = "BackupRunStartedAtIndex";

    [SkippableFact]
    public async Task Upgrading_gives_mixes_previews_and_unapproved_revisions_the_days_the_studio_had()
    {
        Guid studioId;
        await using (var db = Db())
            studioId = (await StudioSeed.CreateAsync(db)).Studio.Id;

        await using (var db = Db())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Studios\" SET \"RetentionDays\" = 45");
            await migrator.MigrateAsync();
        }

        await using (var db = Db())
        {
            var studio = await db.Studios.AsNoTracking().SingleAsync(s => s.Id == studioId);
            Assert.Equal((45, 45, 45), (studio.MixRetentionDays, studio.PreviewRetentionDays, studio.UnapprovedRevisionRetentionDays));
        }
    }
}
