using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider (LogProvider.Current), but each host has its own
/// ILoggerFactory. With several hosts in one process (the test suite starts and stops many), a host that
/// starts while the provider still points at a stopped host's disposed factory would fail inside Hangfire's
/// constructors. This provider logs through its host's factory and goes quiet, instead of throwing, once
/// that factory is disposed. In a normal run there is one host and it changes nothing.
/// </summary>
public sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new DisposalSafeLog(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent;
        }
    }

    static readonly ILog Silent = new DisposalSafeLog(null);

    sealed class DisposalSafeLog(ILog? log) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception? exception = null)
        {
            if (log is null) return false;
            try { return log.Log(logLevel, messageFunc, exception); }
            catch (ObjectDisposedException) { return false; }
        }
    }
}
