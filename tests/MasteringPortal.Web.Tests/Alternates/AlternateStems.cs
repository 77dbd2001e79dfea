using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Payments;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Alternates;

/// <summary>What the alternate-version tests share: the stems of a short song, and a client of another studio.</summary>
internal static class AlternateStems
{
    public const int Rate = DemoMixSynth.SampleRateHz;

    /// <summary>The music without the vocal and the main mix (the music and a sung line), interleaved stereo, <paramref name="seconds"/> long.</summary>
    public static (float[] Instrumental, float[] Main) Make(uint seed, double seconds)
    {
        var music = DemoMixSynth.Render(DemoMixSynth.Songs[0] with { Seed = seed }, seconds);
        var peak = music.Max(MathF.Abs);
        var instrumental = music.Select(x => x / peak * 0.5f).ToArray();
        var main = new float[instrumental.Length];
        for (var i = 0; i < instrumental.Length / 2; i++)
        {
            // A sung line: 220 Hz with vibrato and a few harmonics, in syllables of a quarter of a second.
            var t = (double)i / Rate;
            var phase = 2 * Math.PI * (220 * t + 0.8 * Math.Sin(2 * Math.PI * 5.5 * t));
            var syllable = Math.Pow(Math.Sin(Math.PI * (t * 4 % 1)), 2);
            var vocal = (float)(0.3 * syllable * (0.6 * Math.Sin(phase) + 0.25 * Math.Sin(2 * phase) + 0.15 * Math.Sin(3 * phase)));
            main[2 * i] = instrumental[2 * i] + vocal;
            main[2 * i + 1] = instrumental[2 * i + 1] + vocal;
        }
        return (instrumental, main);
    }

    /// <summary>The same samples <paramref name="frames"/> later (silence before), cut to the same length.</summary>
    public static float[] Later(float[] samples, int frames)
    {
        var moved = new float[samples.Length];
        Array.Copy(samples, 0, moved, 2 * frames, samples.Length - 2 * frames);
        return moved;
    }

    /// <summary>A client of another studio who can sign in with the demo's password: sees nothing of the demo studio.</summary>
    public static async Task<(string UserId, string Email)> OtherStudiosClientAsync(ManualPortal portal)
    {
        var studio = new Studio { Name = "Far Shore Mastering" };
        var client = new Client { StudioId = studio.Id, Name = "Far Shore Band", Email = $"band-{Guid.NewGuid():N}@far.test" };
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            db.Studios.Add(studio);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = client.Email, Email = client.Email, DisplayName = "Far Shore", StudioId = studio.Id, ClientId = client.Id, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, DemoSeeder.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Client)).Succeeded);
        return (user.Id, client.Email);
    }
}
