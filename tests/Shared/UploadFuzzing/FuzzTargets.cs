using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing.UploadFuzzing;

/// <summary>One signed-in person as the fuzzer speaks for them; <see cref="Token"/> null sends no antiforgery header.</summary>
public sealed record FuzzSession(string Name, HttpClient Http, string? Token);

/// <summary>
/// What the fuzzed requests aim at in a demo portal: Ava's draft (she may upload to it), Ben's project (she may not),
/// a real one-second WAV in two chunks, and the people: Ava with and without her antiforgery token, the engineer, Ben.
/// </summary>
public sealed partial class FuzzTargets
{
    public const int ChunkBytes = 256 * 1024;

    public required Guid ProjectId { get; init; }
    public required Guid TrackId { get; init; }
    public required Guid OtherProjectId { get; init; }
    public required byte[] File { get; init; }
    public required IReadOnlyList<FuzzSession> Sessions { get; init; }
    public string FileSha256 => Convert.ToHexStringLower(SHA256.HashData(File));
    public int ChunkCount => (File.Length + ChunkBytes - 1) / ChunkBytes;

    /// <param name="newClient">A client of the portal that keeps cookies and does not follow redirects.</param>
    public static async Task<FuzzTargets> PrepareAsync(IServiceProvider services, Func<HttpClient> newClient)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var track = await db.Tracks.AsNoTracking().Where(t => t.Project!.Title == "Paper Lanterns").OrderBy(t => t.Position).FirstAsync();
        var ava = await db.Users.AsNoTracking().SingleAsync(u => u.Email == DemoSeeder.ClientEmail);
        var other = await db.Projects.AsNoTracking().Where(p => p.ClientId != ava.ClientId).Select(p => p.Id).FirstAsync();
        var frames = 48_000;
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++) samples[2 * i] = samples[2 * i + 1] = (float)(0.2 * Math.Sin(2 * Math.PI * 220 * i / 48_000.0));
        var avaHttp = await SignInAsync(newClient(), DemoSeeder.ClientEmail);
        var avaToken = await UploadTokenAsync(avaHttp);
        var engineer = await SignInAsync(newClient(), DemoSeeder.EngineerEmail);
        var ben = await SignInAsync(newClient(), DemoSeeder.SecondClientEmail);
        return new FuzzTargets
        {
            ProjectId = track.ProjectId, TrackId = track.Id, OtherProjectId = other,
            File = DemoWav.Encode24(samples, 2, 48_000, ditherSeed: 7),
            Sessions =
            [
                new("Ava", avaHttp, avaToken), new("Ava without a token", avaHttp, null),
                new("the engineer", engineer, await UploadTokenAsync(engineer)), new("Ben", ben, await UploadTokenAsync(ben)),
            ],
        };
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex FormToken();

    static async Task<HttpClient> SignInAsync(HttpClient http, string email)
    {
        var page = await http.GetStringAsync("/account/login");
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(page).Groups[1].Value),
            ["Input.Email"] = email, ["Input.Password"] = DemoSeeder.Password,
        };
        var answer = await http.PostAsync("/account/login", new FormUrlEncodedContent(form));
        if (answer.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Signing in as {email} answered {(int)answer.StatusCode}.");
        return http;
    }

    static async Task<string> UploadTokenAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/uploads/antiforgery"));
        return doc.RootElement.GetProperty("token").GetString()!;
    }
}
