using System.Security.Cryptography;
using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MasteringPortal.Core.Tests.Backup;

/// <summary>
/// Scheduled backups on a fake clock, against a real install (SQLite, stored files, keys) with the notification
/// planner on its saves: one backup per slot into its own folder, files shared between backups copied once, the
/// studio's number kept, a kept backup restorable, and a failure recorded and told to the studio's team only.
/// </summary>
public sealed class ScheduledBackupsTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("mp-scheduled-").FullName;
    readonly FixedClock clock = new(new DateTimeOffset(2026, 12, 5, 4, 0, 0, TimeSpan.Zero));
    readonly ServiceProvider services;
    readonly IConfiguration configuration;

    public ScheduledBackupsTests()
    {
        configuration = InstallConfiguration(Path.Combine(root, "install"));
        services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddPortalCore(configuration, root).BuildServiceProvider();
    }

    public void Dispose()
    {
        services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    static IConfiguration InstallConfiguration(string folder) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "portal.db")};Pooling=False",
        ["Storage:Root"] = Path.Combine(folder, "files"),
        ["DataProtection:KeysPath"] = Path.Combine(folder, "keys"),
    }).Build();

    async Task<PortalDbContext> DbAsync() =>
        await services.CreateScope().ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task<StudioSeed> InstallAsync(BackupFrequency frequency, int keep)
    {
        await using var db = await DbAsync();
        await db.Database.MigrateAsync();
        var seed = await StudioSeed.CreateAsync(db);
        var studio = await db.Studios.SingleAsync(s => s.Id == seed.Studio.Id);
        (studio.BackupFrequency, studio.BackupsToKeep) = (frequency, keep);
        await db.SaveChangesAsync();
        Directory.CreateDirectory(configuration["DataProtection:KeysPath"]!);
        await File.WriteAllTextAsync(Path.Combine(configuration["DataProtection:KeysPath"]!, "key-1.xml"), "<key />");
        for (var i = 0; i < 3; i++) await StoreAsync();
        return seed;
    }

    async Task StoreAsync()
    {
        await using var content = new MemoryStream(RandomNumberGenerator.GetBytes(10_000));
        await new LocalFileStore(configuration["Storage:Root"]!).PutAsync(content);
    }

    ScheduledBackups Backups(string? directory) => new(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
        BackupSources.From(configuration, root), new ScheduledBackupOptions(directory, new BackupSchedule(HourUtc: 3)), clock,
        NullLogger<ScheduledBackups>.Instance);

    [Fact]
    public async Task Daily_backups_run_once_a_day_share_their_files_keep_the_studios_number_and_restore()
    {
        await InstallAsync(BackupFrequency.Daily, keep: 2);
        var directory = Path.Combine(root, "backups");

        var first = await Backups(directory).RunIfDueAsync(default);
        Assert.NotNull(first);
        Assert.True(first.Succeeded, first.FailureReason);
        Assert.Equal(("20261205-040000", 3), (first.Folder, first.FileCount));
        clock.Now = clock.Now.AddHours(5);
        Assert.Null(await Backups(directory).RunIfDueAsync(default)); // the same day's slot is done

        await StoreAsync();
        clock.Now = new DateTimeOffset(2026, 12, 6, 3, 10, 0, TimeSpan.Zero);
        var second = await Backups(directory).RunIfDueAsync(default);
        Assert.True(second!.Succeeded, second.FailureReason);
        Assert.Equal(4, second.FileCount);
        // Only the new file was copied besides the database and keys: the other three are shared with the first backup.
        Assert.Equal(3 * 10_000, second.TotalBytes - second.CopiedBytes);
        Assert.Equal(4, Directory.EnumerateFiles(Path.Combine(directory, "files"), "*", SearchOption.AllDirectories).Count());

        clock.Now = clock.Now.AddDays(1);
        var third = await Backups(directory).RunIfDueAsync(default);
        Assert.True(third!.Succeeded, third.FailureReason);
        Assert.Equal(1, third.PrunedBackups);
        Assert.False(Directory.Exists(Path.Combine(directory, first.Folder)));
        Assert.True(Directory.Exists(Path.Combine(directory, second.Folder)));
        await using (var db = await DbAsync())
            Assert.Equal(3, await db.BackupRuns.CountAsync(r => r.Succeeded));

        // A kept scheduled backup restores into an empty install with every file checked.
        var empty = InstallConfiguration(Path.Combine(root, "restored"));
        var restored = await PortalRestore.RunAsync(BackupSources.From(empty, root), Path.Combine(directory, third.Folder), overwrite: false);
        Assert.Equal(4, restored.Files);
        Assert.Equal(4, PortalBackup.StoredFiles(empty["Storage:Root"]!).Count());
    }

    [Fact]
    public async Task A_failed_backup_is_recorded_with_its_reason_and_told_to_the_studios_team_only()
    {
        var seed = await InstallAsync(BackupFrequency.Weekly, keep: 3);
        var blocked = Path.Combine(root, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "a file where the backup folder should be");

        var run = await Backups(blocked).RunIfDueAsync(default);
        Assert.NotNull(run);
        Assert.False(run.Succeeded);
        Assert.StartsWith("The backup could not be written", run.FailureReason);

        await using var db = await DbAsync();
        var told = await db.Notifications.Where(n => n.Kind == NotificationKind.BackupFailed).ToListAsync();
        var notice = Assert.Single(told);
        Assert.Equal(seed.Engineer.UserId, notice.UserId);
        Assert.Equal(run.FailureReason, notice.Body);
        Assert.Equal("/studio#backups", notice.Link);

        // The slot is spent: no retry every hour (and no second notification) until the next one.
        clock.Now = clock.Now.AddHours(1);
        Assert.Null(await Backups(blocked).RunIfDueAsync(default));
    }

    [Fact]
    public async Task Without_a_backup_folder_on_the_server_the_run_fails_and_says_what_to_set()
    {
        await InstallAsync(BackupFrequency.Daily, keep: 1);
        var run = await Backups(directory: null).RunIfDueAsync(default);
        Assert.False(run!.Succeeded);
        Assert.Contains("Backup:Directory", run.FailureReason);
    }

    [Fact]
    public async Task With_backups_off_nothing_runs()
    {
        await InstallAsync(BackupFrequency.Off, keep: 1);
        Assert.Null(await Backups(Path.Combine(root, "backups")).RunIfDueAsync(default));
        Assert.False(Directory.Exists(Path.Combine(root, "backups")));
    }
}
