using System.Text.Json;
using MasteringPortal.Testing.UploadLoad;

namespace MasteringPortal.Bench.UploadLoad;

/// <summary>
/// usage: UploadLoadBench server DATA_DIR WORLD_FILE CLIENTS RENDERS
///        UploadLoadBench clients WORLD_FILE FILES_PER_CLIENT
/// The server writes WORLD_FILE when it is ready; the clients write WORLD_FILE.report when they are done, which tells
/// the server to measure and check. bench/abuse/run.sh runs both. Not top-level statements: those would make a class
/// named Program here, and the portal's factory (<c>WebApplicationFactory&lt;Program&gt;</c>) would start this instead.
/// </summary>
public static class UploadLoadBenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["server", var data, var worldPath, var clients, var renders]:
                return await LoadServer.RunAsync(data, worldPath, int.Parse(clients), int.Parse(renders));
            case ["clients", var worldFile, var files]:
                var world = JsonSerializer.Deserialize<LoadWorld>(await File.ReadAllTextAsync(worldFile))!;
                var report = await LoadClients.RunAsync(world.BaseAddress, world.Clients, int.Parse(files));
                await File.WriteAllTextAsync(worldFile + ".report.tmp", JsonSerializer.Serialize(report));
                File.Move(worldFile + ".report.tmp", worldFile + ".report");
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    clients = world.Clients.Count, seconds = report.Seconds, completed = report.Completed.Count, abandoned = report.Abandoned.Count,
                    malformedSent = report.MalformedSent, malformedRefusedWithMessage = report.MalformedRefusedWithMessage,
                    rateLimitedRetries = report.RateLimitedRetries,
                    statuses = report.Statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(), s => s.Value),
                    problems = report.Problems.Take(20),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return report.Problems.IsEmpty ? 0 : 1;
            default:
                Console.Error.WriteLine("usage: UploadLoadBench server DATA_DIR WORLD_FILE CLIENTS RENDERS | clients WORLD_FILE FILES_PER_CLIENT");
                return 2;
        }
    }
}
