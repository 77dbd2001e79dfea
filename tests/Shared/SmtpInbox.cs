using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;

namespace MasteringPortal.Testing;

/// <summary>
/// The real SMTP server ./test.sh starts (smtp4dev, scripts/smtp4dev.sh): its SMTP port for the portal to send to, and
/// its web API to read what arrived, parsed by MimeKit from the raw message. Several test hosts share one server and the
/// demo's addresses, so tests find their own messages by the Message-Id their outbox row recorded.
/// </summary>
public sealed class SmtpInbox
{
    public const string PortVariable = "MP_TEST_SMTP_PORT";
    public const string ApiVariable = "MP_TEST_SMTP_API";

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    static readonly ConcurrentDictionary<string, MimeMessage> Parsed = new();

    SmtpInbox(int port, string api) => (Port, Api) = (port, api.TrimEnd('/'));

    public int Port { get; }
    public string Api { get; }

    /// <summary>
    /// The server from the environment, or null when there is none (the caller skips). Under CI=true a missing server is
    /// a failure: the email tests must run there.
    /// </summary>
    public static SmtpInbox? FromEnvironment()
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        var api = Environment.GetEnvironmentVariable(ApiVariable);
        if (int.TryParse(port, out var p) && !string.IsNullOrWhiteSpace(api)) return new SmtpInbox(p, api);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true but {PortVariable}/{ApiVariable} are not set: ./test.sh starts smtp4dev for the email tests.");
        return null;
    }

    public const string SkipReason = "No SMTP server for the tests (./test.sh starts smtp4dev and sets MP_TEST_SMTP_PORT).";

    /// <summary>The settings that point a portal at this server.</summary>
    public IEnumerable<KeyValuePair<string, string?>> PortalSettings()
    {
        yield return new("Email:Host", "127.0.0.1");
        yield return new("Email:Port", Port.ToString());
        yield return new("Email:TlsMode", "None");
        yield return new("Email:FromAddress", "studio@mastering.test");
        yield return new("Email:FromName", "Mastering portal test");
    }

    /// <summary>Every message that arrived with this Message-Id (without angle brackets).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WithMessageIdAsync(string messageId)
    {
        var all = await AllAsync();
        return all.Where(m => m.MessageId == messageId).ToList();
    }

    /// <summary>Polls until a message with this Message-Id has arrived, or <paramref name="within"/> has passed (then null).</summary>
    public async Task<MimeMessage?> WaitForAsync(string messageId, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            if ((await WithMessageIdAsync(messageId)).FirstOrDefault() is { } found) return found;
            if (DateTime.UtcNow > until) return null;
            await Task.Delay(250);
        }
    }

    async Task<IReadOnlyList<MimeMessage>> AllAsync()
    {
        using var list = await Http.GetAsync($"{Api}/api/messages?pageSize=100000");
        list.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var results = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("results");
        var messages = new List<MimeMessage>();
        foreach (var item in results.EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            if (!Parsed.TryGetValue(id, out var message))
            {
                await using var source = await Http.GetStreamAsync($"{Api}/api/messages/{id}/raw");
                using var buffer = new MemoryStream();
                await source.CopyToAsync(buffer);
                buffer.Position = 0;
                message = Parsed.GetOrAdd(id, await MimeMessage.LoadAsync(buffer));
            }
            messages.Add(message);
        }
        return messages;
    }
}
