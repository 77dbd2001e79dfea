using System.Text.Json;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// The "Listen on" device simulations (wwwroot/js/review/devices.js, docs/TRANSLATION.md) measured in Chromium: an
/// impulse far below the compressor's threshold is rendered through each device's graph with an OfflineAudioContext,
/// exactly the graph the review page plays through, and its magnitude response at every point of the device's target
/// table (within its band) must be the table plus the design's make-up gain, within 1 dB. A filter wired wrongly or a
/// parameter moved shows as a point out of tolerance. And the mono sum is a true (L+R)/2 on both sides.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class DeviceSimulationTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string Module = "/js/review/devices.js";
    const int Length = 65_536;
    const double ImpulseAmplitude = 1e-3;   // −60 dBFS: the compressors (threshold −18 dB, knee 12 dB) stay linear

    /// <summary>
    /// The impulse comes half a second in: a new DynamicsCompressorNode's gain takes about a quarter of a second to
    /// settle at its automatic make-up (the page keeps its chains running, so it only ever hears the settled gain).
    /// The response is measured from the impulse on.
    /// </summary>
    const double ImpulseAtSeconds = 0.5;

    /// <summary>Every device the switch offers, so a new one cannot go untested (checked against the module's list).</summary>
    static readonly string[] DeviceIds = ["studio", "phone", "laptop", "earbuds", "car", "tv", "mono"];

    public static TheoryData<string> Devices => new(DeviceIds);

    [Theory]
    [MemberData(nameof(Devices))]
    public async Task Each_devices_simulation_measures_as_its_design_within_1_dB(string id)
    {
        var page = await OpenAsync();
        var device = await DesignAsync(page, id);
        var makeupDb = device.GetProperty("makeupDb").GetDouble();
        var target = device.GetProperty("target").EnumerateArray()
            .Select(p => (Hz: p[0].GetDouble(), Db: p[1].GetDouble())).ToArray();
        var band = device.GetProperty("band");
        var hasCompressor = device.GetProperty("compressor").GetBoolean();

        foreach (var rate in new[] { 48_000, 44_100 })
        foreach (var compressor in hasCompressor ? new[] { true, false } : [false])
        {
            var (left, right) = await RenderImpulseAsync(page, id, rate, ImpulseAmplitude, ImpulseAmplitude, compressor);
            var context = $"{id} at {rate} Hz{(hasCompressor ? compressor ? ", compressor in" : ", compressor out" : "")}";
            if (id == "studio")
            {
                // Straight through: the impulse comes out as it went in, at the same moment, on both sides.
                Assert.Equal(ImpulseAmplitude, left[0], 9);
                Assert.Equal(ImpulseAmplitude, right[0], 9);
                Assert.All(left.Skip(1).Concat(right.Skip(1)), s => Assert.Equal(0, s, 9));
                continue;
            }
            if (target.Length == 0)
            {
                // Mono: no filters; a sound on both sides at once comes out unchanged.
                Assert.Equal(0, ResponseDb(left, rate, 1000), 2);
                continue;
            }
            Assert.True(band.ValueKind == JsonValueKind.Array, $"{id} has a target table but no band");
            var (low, high) = (band[0].GetDouble(), band[1].GetDouble());
            var misses = new List<string>();
            foreach (var (hz, db) in target.Where(p => p.Hz >= low && p.Hz <= high))
            {
                foreach (var (channel, samples) in new[] { ("left", left), ("right", right) })
                {
                    var measured = ResponseDb(samples, rate, hz) - makeupDb;
                    if (Math.Abs(measured - db) > 1.0)
                        misses.Add($"{hz} Hz ({channel}): measured {measured:0.00} dB, the design says {db:0.00} dB");
                }
            }
            Assert.True(misses.Count == 0, $"{context}: off its design by more than 1 dB at\n" + string.Join("\n", misses));
            Assert.True(target.Count(p => p.Hz >= low && p.Hz <= high) >= 8, $"{id}: too few table points in its band to say much");
        }
    }

    [Fact]
    public async Task The_switch_offers_exactly_the_devices_this_test_measures()
    {
        var page = await OpenAsync();
        var ids = await page.EvaluateAsync<string[]>($"async () => (await import('{Module}')).DEVICES.map(d => d.id)");
        Assert.Equal(DeviceIds, ids);
    }

    [Theory]
    [InlineData("mono")]
    [InlineData("phone")]
    public async Task A_sound_in_the_left_channel_alone_comes_out_of_both_at_half_its_level(string id)
    {
        var page = await OpenAsync();
        var (left, right) = await RenderImpulseAsync(page, id, 48_000, ImpulseAmplitude, 0, compressor: false);
        var (bothLeft, _) = await RenderImpulseAsync(page, id, 48_000, ImpulseAmplitude, ImpulseAmplitude, compressor: false);
        // Equal on both sides, sample for sample: a true sum, not one side copied.
        Assert.True(left.Any(s => Math.Abs(s) > ImpulseAmplitude / 100), $"{id}: nothing came out");
        for (var i = 0; i < Length; i++) Assert.Equal(left[i], right[i], 12);
        // (L+R)/2 with R silent: 6 dB below the same sound on both sides (which the sum leaves as it was).
        foreach (var hz in new[] { 1000.0, 3000.0 })
            Assert.Equal(-6.02, ResponseDb(left, 48_000, hz) - ResponseDb(bothLeft, 48_000, hz), 2);
        if (id == "mono") Assert.Equal(ImpulseAmplitude / 2, left[0], 9);
    }

    [Theory]
    [InlineData("laptop")]
    [InlineData("car")]
    public async Task A_stereo_device_keeps_the_sides_apart(string id)
    {
        var page = await OpenAsync();
        var (left, right) = await RenderImpulseAsync(page, id, 48_000, ImpulseAmplitude, 0, compressor: false);
        Assert.True(left.Any(s => Math.Abs(s) > ImpulseAmplitude / 100), $"{id}: nothing came out on the left");
        Assert.All(right, s => Assert.Equal(0, s, 9));
    }

    [Fact]
    public async Task The_mono_meter_reads_a_centred_sound_as_no_loss_unrelated_sides_as_3_dB_and_opposite_ones_as_cancelled()
    {
        var page = await OpenAsync();
        var readings = await page.EvaluateAsync<JsonElement>($@"async () => {{
            const {{ foldDown }} = await import('{Module}');
            let seed = 7;
            const noise = () => {{ seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 1073741824 - 1; }};
            const n = 16384, a = new Float32Array(n), b = new Float32Array(n), minusA = new Float32Array(n);
            for (let i = 0; i < n; i++) {{ a[i] = noise() * 0.3; b[i] = noise() * 0.3; minusA[i] = -a[i]; }}
            const same = foldDown(a, a), unrelated = foldDown(a, b), opposite = foldDown(a, minusA), silent = foldDown(new Float32Array(n), new Float32Array(n));
            return {{ same, unrelated, opposite: {{ loss: String(opposite.lossDb), correlation: opposite.correlation }}, silent }};
        }}");
        Assert.Equal(0, readings.GetProperty("same").GetProperty("lossDb").GetDouble(), 3);
        Assert.Equal(1, readings.GetProperty("same").GetProperty("correlation").GetDouble(), 3);
        Assert.Equal(-3.0, readings.GetProperty("unrelated").GetProperty("lossDb").GetDouble(), 0.3);
        Assert.Equal(0, readings.GetProperty("unrelated").GetProperty("correlation").GetDouble(), 0.05);
        Assert.Equal("-Infinity", readings.GetProperty("opposite").GetProperty("loss").GetString());
        Assert.Equal(-1, readings.GetProperty("opposite").GetProperty("correlation").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, readings.GetProperty("silent").ValueKind);
    }

    /// <summary>A page of the portal, for its origin: the module is loaded from the portal as the review page loads it.</summary>
    async Task<IPage> OpenAsync()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/login");
        return page;
    }

    static async Task<JsonElement> DesignAsync(IPage page, string id) =>
        await page.EvaluateAsync<JsonElement>($"async id => (await import('{Module}')).DEVICES.find(d => d.id === id)", id);

    /// <summary>Renders an impulse (its height on each side) through a device's graph, as the page builds it.</summary>
    static async Task<(double[] Left, double[] Right)> RenderImpulseAsync(IPage page, string id, int rate, double left, double right, bool compressor)
    {
        var channels = await page.EvaluateAsync<double[][]>($@"async ([id, rate, length, left, right, compressor, atSeconds]) => {{
            const {{ buildDevice }} = await import('{Module}');
            const at = Math.round(atSeconds * rate);
            const context = new OfflineAudioContext(2, at + length, rate);
            const impulse = context.createBuffer(2, at + length, rate);
            impulse.getChannelData(0)[at] = left;
            impulse.getChannelData(1)[at] = right;
            const source = context.createBufferSource();
            source.buffer = impulse;
            const chain = buildDevice(context, id, {{ compressor }});
            source.connect(chain.input);
            chain.output.connect(context.destination);
            source.start();
            const rendered = await context.startRendering();
            return [Array.from(rendered.getChannelData(0).subarray(at)), Array.from(rendered.getChannelData(1).subarray(at))];
        }}", new object[] { id, rate, Length, left, right, compressor, ImpulseAtSeconds });
        return (channels[0], channels[1]);
    }

    /// <summary>The magnitude of the impulse response at one frequency (its DFT there), in dB relative to the impulse.</summary>
    static double ResponseDb(double[] samples, int rate, double hz)
    {
        double re = 0, im = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var phase = 2 * Math.PI * hz * n / rate;
            re += samples[n] * Math.Cos(phase);
            im -= samples[n] * Math.Sin(phase);
        }
        return 20 * Math.Log10(Math.Sqrt(re * re + im * im) / ImpulseAmplitude);
    }
}
