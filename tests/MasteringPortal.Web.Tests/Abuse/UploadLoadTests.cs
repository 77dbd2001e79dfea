using MasteringPortal.Testing.UploadLoad;

namespace MasteringPortal.Web.Tests.Abuse;

/// <summary>
/// A small version of the load in bench/abuse (8 clients, short files, a render running): nothing completed is lost,
/// nothing abandoned is stored, every malformed request is refused with its message. No timing is asserted.
/// </summary>
public sealed class UploadLoadTests(UploadLoadTests.LoadWorld world) : IClassFixture<UploadLoadTests.LoadWorld>
{
    public sealed class LoadWorld() : NetworkWorld(new Dictionary<string, string?>());

    [Fact]
    public async Task Eight_clients_at_once_lose_nothing_and_every_malformed_request_is_refused_with_its_message()
    {
        var clients = await LoadPeople.CreateAsync(world.Factory.Services, 8);
        await LoadPeople.QueueRendersAsync(world.Factory.Services, 1);

        var report = await LoadClients.RunAsync(world.BaseAddress, clients, filesPerClient: 2);

        Assert.True(report.Problems.IsEmpty, string.Join("\n", report.Problems.Take(10)));
        Assert.DoesNotContain(report.Statuses.Keys, status => status >= 500);
        Assert.Equal(2, report.Abandoned.Count);             // clients 1 and 6 walk away from their last file
        Assert.Equal(8 * 2 - 2, report.Completed.Count);
        Assert.Equal(2 * 2 * 8, report.MalformedSent);       // clients 0 and 5, two files each, eight malformed requests per file
        Assert.Equal(report.MalformedSent, report.MalformedRefusedWithMessage);
        Assert.Empty(await LoadVerification.LostAsync(world.Factory.Services, report.Completed, report.Abandoned));
    }
}
