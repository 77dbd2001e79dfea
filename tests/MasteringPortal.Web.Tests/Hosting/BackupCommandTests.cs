using System.Net;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Hosting;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;

namespace MasteringPortal.Web.Tests.Hosting;

/// <summary>
/// `MasteringPortal.Web backup --to DIR` on a running portal and `restore --from DIR` into a fresh install, with the
/// app's own configuration: the restored portal has the demo studio and its files, and a sign-in cookie issued by the
/// original still works (the keys came back).
/// </summary>
public sealed class BackupCommandTests
{
    static string[] Settings(PortalFactory portal) =>
    [
        $"--ConnectionStrings:Sqlite=Data Source={Path.Combine(portal.DataDirectory, "portal.db")}",
        $"--Storage:Root={Path.Combine(portal.DataDirectory, "files")}",
        $"--DataProtection:KeysPath={Path.Combine(portal.DataDirectory, "keys")}",
        "--Database:Provider=Sqlite",
    ];

    static async Task<(int? Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await AdminCommands.TryRunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task A_backup_of_a_running_portal_restores_into_a_fresh_install_where_an_old_sign_in_still_works()
    {
        using var original = new PortalFactory(seedDemo: true);
        using var client = original.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await Forms.SubmitAsync(client, "/account/login", "login",
            new() { ["Input.Email"] = DemoSeeder.EngineerEmail, ["Input.Password"] = DemoSeeder.Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Select(c => SetCookieHeaderValue.Parse(c)).Single(c => c.Name == "mp.auth");

        var backup = Directory.CreateTempSubdirectory("mp-backup-cmd-").FullName;
        try
        {
            var taken = await RunAsync(["backup", "--to", backup, .. Settings(original)]);
            Assert.True(taken.Code == 0, taken.Errors);
            Assert.Contains("Backup complete", taken.Output);

            using var restored = new PortalFactory(seedDemo: false);
            var refusedWithoutFolder = await RunAsync(["restore", .. Settings(restored)]);
            Assert.Equal(2, refusedWithoutFolder.Code);
            var done = await RunAsync(["restore", "--from", backup, .. Settings(restored)]);
            Assert.True(done.Code == 0, done.Errors);
            var again = await RunAsync(["restore", "--from", backup, .. Settings(restored)]);
            Assert.Equal(1, again.Code);
            Assert.Contains("not empty", again.Errors);

            using var browser = restored.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            var request = new HttpRequestMessage(HttpMethod.Get, "/engineer");
            request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
            var page = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Paper Lanterns", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(backup, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_command_the_portal_serves()
    {
        Assert.Null((await RunAsync(["--urls", "http://127.0.0.1:5000"])).Code);
        Assert.Null((await RunAsync([])).Code);
    }
}
