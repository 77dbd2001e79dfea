using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Data;

/// <summary>
/// The portal's database: Identity's tables plus the domain. Used directly (no repository layer);
/// who may see which rows is decided by Access/ProjectAccess.
/// </summary>
public class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>The sign-in and link keys when <c>DataProtection:Store</c> is Database: every process of a scaled install reads the same.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Studio> Studios => Set<Studio>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Track> Tracks => Set<Track>();
    public DbSet<Brief> Briefs => Set<Brief>();
    public DbSet<FileAsset> FileAssets => Set<FileAsset>();
    public DbSet<Analysis> Analyses => Set<Analysis>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ProjectEvent> ProjectEvents => Set<ProjectEvent>();
    public DbSet<PortalJob> PortalJobs => Set<PortalJob>();
    public DbSet<MatchRun> MatchRuns => Set<MatchRun>();
    public DbSet<AlbumAssembly> AlbumAssemblies => Set<AlbumAssembly>();
    public DbSet<TrackAlternate> TrackAlternates => Set<TrackAlternate>();
    public DbSet<StripeEventRecord> StripeEvents => Set<StripeEventRecord>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();
    public DbSet<ReminderRecord> Reminders => Set<ReminderRecord>();
    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();
    public DbSet<BackupRun> BackupRuns => Set<BackupRun>();
    public DbSet<RetentionRemoval> RetentionRemovals => Set<RetentionRemoval>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        PortalConventions.Apply(configurationBuilder, Database.ProviderName);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        PortalModel.Configure(builder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        SaveRules.Apply(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        SaveRules.Apply(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}
