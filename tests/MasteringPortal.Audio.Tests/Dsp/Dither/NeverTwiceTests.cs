using System.Reflection;
using MasteringPortal.Audio.Dsp;
using MasteringPortal.Audio.Dsp.Dither;

namespace MasteringPortal.Audio.Tests.Dsp.Dither;

/// <summary>
/// "Never applied twice" is enforced by types: only the dither makes a
/// <see cref="QuantisedBlock"/>, and the dither takes only plain <see cref="AudioBlock"/>s.
/// </summary>
public class NeverTwiceTests
{
    [Fact]
    public void Only_the_dither_can_make_a_quantised_block()
    {
        Assert.Empty(typeof(QuantisedBlock).GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.DoesNotContain(typeof(QuantisedBlock).Assembly.GetExportedTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => m.ReturnType == typeof(QuantisedBlock)),
            m => m.DeclaringType != typeof(TpdfDither));
    }

    [Fact]
    public void The_dither_is_not_a_chain_processor_and_takes_no_quantised_block()
    {
        Assert.False(typeof(IAudioProcessor).IsAssignableFrom(typeof(TpdfDither)));
        var parameterTypes = typeof(TpdfDither).GetMethods().SelectMany(m => m.GetParameters()).Select(p => p.ParameterType);
        Assert.DoesNotContain(typeof(QuantisedBlock), parameterTypes);
    }

    [Fact]
    public void A_pipeline_can_check_that_what_it_writes_is_on_the_grid()
    {
        var block = DitherTestSignals.Sine(1000, 0.5);
        var quantised = new TpdfDither(new DitherSettings(16), 48000, 1).Quantise(block);
        Assert.True(quantised.IsOnGrid());
        block.Channels[0][10] += 0.5f / 32768; // a later processor touching the samples (here half an LSB) breaks the grid
        Assert.False(quantised.IsOnGrid());
    }
}
