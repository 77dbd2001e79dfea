using System.Net;
using System.Net.Http.Headers;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Files;

/// <summary>
/// The audio endpoint: Range requests for players, and the refusals: another client's file answers exactly
/// like a file that does not exist, an unposted revision does not exist for the client, a full-resolution
/// master waits for payment, and nobody signed out gets anything.
/// </summary>
[Collection(PortalWebCollection.Name)]
public sealed class FileEndpointTests(PortalWebFixture portal)
{
    async Task<FileAsset> FileAsync(Func<IQueryable<FileAsset>, IQueryable<FileAsset>> pick)
    {
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await pick(db.FileAssets.AsNoTracking().Include(f => f.Revision).Include(f => f.Project)).FirstAsync();
    }

    async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.NewClient();
        await Forms.SignInAsync(client, email, DemoSeeder.Password);
        return client;
    }

    Task<FileAsset> AvasMixAsync() => FileAsync(q => q.Where(f => f.Kind == FileAssetKind.Mix && f.Project!.Client!.Email == DemoSeeder.ClientEmail));

    [Fact]
    public async Task A_client_streams_their_own_mix_with_range_requests()
    {
        var mix = await AvasMixAsync();
        using var ava = await SignedInAsync(DemoSeeder.ClientEmail);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/files/{mix.Id}/audio");
        request.Headers.Range = new RangeHeaderValue(0, 99);
        var response = await ava.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(mix.SizeBytes, response.Content.Headers.ContentRange!.Length);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(100, bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);

        // The same bytes as stored, and never a storage key or path in what the browser sees.
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        await using var stored = scope.ServiceProvider.GetRequiredService<IFileStore>().OpenRead(mix.StorageKey);
        var head = new byte[100];
        await stored.ReadExactlyAsync(head);
        Assert.Equal(head, bytes);
        Assert.DoesNotContain(mix.StorageKey, response.Headers.ToString() + response.Content.Headers);
    }

    [Fact]
    public async Task A_download_carries_the_original_name()
    {
        var mix = await AvasMixAsync();
        using var ava = await SignedInAsync(DemoSeeder.ClientEmail);
        var response = await ava.GetAsync($"/api/files/{mix.Id}/audio?download=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mix.OriginalName, response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.Equal(mix.SizeBytes, (await response.Content.ReadAsByteArrayAsync()).LongLength);
    }

    [Fact]
    public async Task Another_client_gets_the_same_not_found_as_for_a_file_that_does_not_exist()
    {
        var mix = await AvasMixAsync();
        using var ben = await SignedInAsync(DemoSeeder.SecondClientEmail);
        var theirs = await ben.GetAsync($"/api/files/{mix.Id}/audio");
        var none = await ben.GetAsync($"/api/files/{Guid.NewGuid()}/audio");
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(await none.Content.ReadAsStringAsync(), await theirs.Content.ReadAsStringAsync());
        Assert.DoesNotContain(mix.OriginalName, await theirs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_waits_for_payment_before_a_full_resolution_master_but_the_engineer_has_it()
    {
        var master = await FileAsync(q => q.Where(f => f.Kind == FileAssetKind.Master && f.Revision!.PostedAt != null
            && f.Project!.Status == ProjectStatus.InReview && f.Project.Client!.Email == DemoSeeder.ClientEmail));
        using var ava = await SignedInAsync(DemoSeeder.ClientEmail);
        var refused = await ava.GetAsync($"/api/files/{master.Id}/audio");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("once the project is paid", await refused.Content.ReadAsStringAsync());

        using var engineer = await SignedInAsync(DemoSeeder.EngineerEmail);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync($"/api/files/{master.Id}/audio")).StatusCode);
    }

    [Fact]
    public async Task Nobody_signed_out_gets_a_file()
    {
        var mix = await AvasMixAsync();
        using var anonymous = portal.NewClient();
        var response = await anonymous.GetAsync($"/api/files/{mix.Id}/audio");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
