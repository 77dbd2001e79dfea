namespace MasteringPortal.Bench.UploadLoad;

/// <summary>This process's resident memory (VmRSS), read from /proc, and a sampler keeping its peak.</summary>
public static class Memory
{
    public static long ResidentKiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        return 0;
    }

    public sealed class Sampler : IDisposable
    {
        readonly Timer timer;
        long peak;

        public Sampler() => timer = new Timer(_ => PeakKiB = Math.Max(PeakKiB, ResidentKiB()), null, 0, 200);

        public long PeakKiB { get => Interlocked.Read(ref peak); private set => Interlocked.Exchange(ref peak, value); }

        public void Dispose() => timer.Dispose();
    }
}
