using MasteringPortal.Core.Access;
using MasteringPortal.Core.Tests.Infrastructure;

namespace MasteringPortal.Core.Tests.Access;

public sealed class SqliteInvitationTokensTests(SqliteTestDatabase db) : InvitationTokensTests<SqliteTestDatabase>(db);

public abstract class InvitationTokensTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    [SkippableFact]
    public async Task The_link_token_finds_its_invitation_and_only_its_hash_is_stored()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var now = DateTimeOffset.UtcNow;
        var (invitation, token) = InvitationTokens.Create(seed.Studio.Id, seed.ClientA.Id, "band@example.test", seed.Engineer.UserId, now);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();

        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.DoesNotContain(token, invitation.TokenHash);
        Assert.Equal(64, invitation.TokenHash.Length);
        Assert.Equal(invitation.Id, (await InvitationTokens.FindPendingAsync(db, token, now))?.Id);
        Assert.Null(await InvitationTokens.FindPendingAsync(db, token + "x", now));
        Assert.Null(await InvitationTokens.FindPendingAsync(db, token, now + InvitationTokens.DefaultLifetime + TimeSpan.FromSeconds(1)));

        invitation.AcceptedAt = now;
        await db.SaveChangesAsync();
        Assert.Null(await InvitationTokens.FindPendingAsync(db, token, now));
    }
}
