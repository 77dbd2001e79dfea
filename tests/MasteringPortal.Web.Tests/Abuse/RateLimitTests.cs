using System.Net;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Uploads;
using MasteringPortal.Web.Hosting;
using MasteringPortal.Web.Tests.Http;
using MasteringPortal.Web.Tests.Uploads;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Tests.Abuse;

/// <summary>
/// Per-network limits with low limits from configuration: sign-in, invitation sign-up and upload requests beyond the
/// limit are refused with 429, Retry-After and a plain message, and another network is not affected.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.LowLimits world) : IClassFixture<RateLimitTests.LowLimits>
{
    public sealed class LowLimits() : NetworkWorld(new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = "3",
        ["RateLimits:SignUp:PermitLimit"] = "2",
        ["RateLimits:Uploads:PermitLimit"] = "6",
        // A window far longer than a test, so no refill happens half-way through one.
        ["RateLimits:SignIn:WindowSeconds"] = "600",
        ["RateLimits:SignUp:WindowSeconds"] = "600",
        ["RateLimits:Uploads:WindowSeconds"] = "600",
    });

    static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        Forms.SubmitAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_are_refused_for_that_network_only()
    {
        using var guesser = world.From("203.0.113.7");
        for (var i = 0; i < 3; i++)
        {
            var wrong = await SignInAsync(guesser, "nobody-" + i + "@example.com", "guess-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with its error
        }

        var refused = await SignInAsync(guesser, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var seconds = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(seconds, 1, 600);
        Assert.StartsWith("text/plain", refused.Content.Headers.ContentType?.ToString());
        Assert.Equal(RateLimiting.PageMessage, await refused.Content.ReadAsStringAsync());
        Assert.False(refused.Headers.Contains("Set-Cookie") && refused.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("mp.auth=")),
            "a refused attempt must not sign in");

        // Reading the page is never counted; another network signs in as usual.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/account/login")).StatusCode);
        using var studio = world.From("198.51.100.20");
        var signedIn = await SignInAsync(studio, DemoSeeder.EngineerEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Guessing_the_code_after_a_password_is_limited_like_signing_in()
    {
        using var guesser = world.From("203.0.113.10");
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await guesser.PostAsync("/account/login/code", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "12345" + i }))).StatusCode);
        var refused = await guesser.PostAsync("/account/login/code", new FormUrlEncodedContent(new Dictionary<string, string> { ["Code"] = "123459" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(RateLimiting.PageMessage, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invitation_sign_ups_beyond_the_limit_are_refused()
    {
        using var guesser = world.From("203.0.113.8");
        // Not a valid invitation: refused by the page, but counted all the same.
        for (var i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostSignUpAsync(guesser, i)).StatusCode);
        var refused = await PostSignUpAsync(guesser, 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(RateLimiting.PageMessage, await refused.Content.ReadAsStringAsync());

        using var other = world.From("198.51.100.21");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PostSignUpAsync(other, 0)).StatusCode);
    }

    static Task<HttpResponseMessage> PostSignUpAsync(HttpClient client, int attempt) =>
        client.PostAsync("/account/signup?token=guess-" + attempt, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signup", ["Input.Password"] = "Guessed-password-1", ["Input.ConfirmPassword"] = "Guessed-password-1",
        }));

    [Fact]
    public async Task Upload_requests_beyond_the_limit_get_a_problem_to_retry_later_and_change_nothing()
    {
        var (projectId, trackId) = await DraftTrackAsync();
        var wav = TestAudio.Wav(3, seed: 41); // four chunks
        using var ava = await world.UploaderAsync("203.0.113.9", DemoSeeder.ClientEmail, DemoSeeder.Password);
        var upload = await ava.BeginOkAsync(projectId, trackId, "limited.wav", wav);   // 1
        await ava.PutChunksAsync(upload.UploadId, wav, 0, 1, 2, 3);                       // 2-5
        await ava.PutChunksAsync(upload.UploadId, wav, 3);                                // 6: a repeat, counted too

        var refused = await ava.CompleteAsync(upload.UploadId);
        var (status, detail, retry) = await UploadClient.ProblemAsync(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(RateLimiting.UploadMessage, detail);
        Assert.True(retry);
        Assert.True(refused.Headers.Contains("Retry-After"));
        var still = await UploadClient.OkAsync<UploadStatus>(await ava.StatusAsync(upload.UploadId)); // reads are not counted
        Assert.Equal("receiving", still.State);
        Assert.Null(still.FileAssetId);

        // The same person from another network is not held back: a fresh upload there completes.
        using var elsewhere = await world.UploaderAsync("198.51.100.22", DemoSeeder.ClientEmail, DemoSeeder.Password);
        var other = TestAudio.Wav(1, seed: 42);
        var assetId = await elsewhere.UploadAsync(projectId, trackId, "elsewhere.wav", other);
        await using var db = await world.Db.CreateDbContextAsync();
        Assert.Equal(UploadClient.Sha256(other), (await db.FileAssets.SingleAsync(f => f.Id == assetId)).Sha256);
    }

    async Task<(Guid ProjectId, Guid TrackId)> DraftTrackAsync()
    {
        await using var db = await world.Db.CreateDbContextAsync();
        var track = await db.Tracks.AsNoTracking().Where(t => t.Project!.Title == "Paper Lanterns").OrderBy(t => t.Position).FirstAsync();
        return (track.ProjectId, track.Id);
    }
}
