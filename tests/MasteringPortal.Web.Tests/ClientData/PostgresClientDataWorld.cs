using MasteringPortal.Testing;

namespace MasteringPortal.Web.Tests.ClientData;

/// <summary>
/// <see cref="ClientDataWorld"/> on a throw-away PostgreSQL database, for the tests whose bulk updates must hold on both
/// providers. Without MP_TEST_POSTGRES its tests skip (except under CI=true, where they fail).
/// </summary>
public sealed class PostgresClientDataWorld : ClientDataWorld
{
    ThrowawayDatabase? database;

    public override async Task InitializeAsync()
    {
        try
        {
            database = await ThrowawayDatabase.CreateAsync("mp_client_data");
        }
        catch (SkipException skipped)
        {
            SkipReason = skipped.Message;
            return;
        }
        Factory.Settings["Database:Provider"] = "Postgres";
        Factory.Settings["ConnectionStrings:Postgres"] = database.ConnectionString;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}
