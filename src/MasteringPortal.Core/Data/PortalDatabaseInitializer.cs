using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Core.Data;

/// <summary>Brings the database up to date at start-up: migrations, SQLite settings, the two roles.</summary>
public static class PortalDatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await InitializeAsync(db, cancellationToken);
    }

    public static async Task InitializeAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets pages read while a job writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        await EnsureRolesAsync(db, cancellationToken);
    }

    static async Task EnsureRolesAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        foreach (var name in Roles.All)
        {
            var normalized = name.ToUpperInvariant();
            if (!await db.Roles.AnyAsync(r => r.NormalizedName == normalized, cancellationToken))
                db.Roles.Add(new IdentityRole(name) { NormalizedName = normalized });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
