using System.Text.Json;
using System.Text.RegularExpressions;
using MasteringPortal.Core.Data;
using MasteringPortal.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MasteringPortal.Browser.Tests;

/// <summary>
/// "Listen on" on the review page (docs/TRANSLATION.md): the client plays a posted revision of the demo's EP and, while
/// it plays, switches to Phone speaker, Car and Mono. The playhead keeps moving through every switch (the media
/// element is never paused, restarted or moved back), what is heard keeps the level its device's design gives it
/// (measured at the output against what plays into the device stage, over the same moment), the mono meter shows its
/// figures, and the page with the switch passes the accessibility audit, on a desk and on a phone.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class ListenOnBrowserTests(PortalBrowserFixture portal) : AuditedBrowserTest(portal)
{
    const string Review = "document.querySelector('[data-testid=review-player]').__review";

    /// <summary>
    /// What the test reads at one moment, in one go: the heard source's media time and whether it is paused, the audio
    /// clock, its per-source gain, the level heard and the level going into the device stage (both over the meters' last
    /// ~0.37 s, read back to back), and the level the device's design gives that same input: the bus's history (its
    /// analysers keep twice the meters' window) rendered offline through a fresh copy of the device's chain (compressor
    /// included, after a second of silence that lets it settle as the page's always-running chains are), its output's
    /// last ~0.37 s against the input's, as the live meters measure it (delays and filter tails included).
    /// </summary>
    const string Snapshot = $@"async () => {{
        const review = {Review}, player = review.player, audio = player.players.get(review.state.activeKey).audio;
        const heard = player.outputLevelDb(), into = player.inputLevelDb();
        const input = player.sides.map(a => {{ const d = new Float32Array(a.fftSize); a.getFloatTimeDomainData(d); return d; }});
        const moment = {{ time: audio.currentTime, paused: audio.paused, ended: audio.ended, clock: player.context.currentTime,
                         heard, into, device: review.state.device, gain: player.players.get(review.state.activeKey).gain.gain.value }};
        const {{ buildDevice }} = await import('/js/review/devices.js');
        const rate = player.context.sampleRate, n = input[0].length, size = player.outputSides[0].fftSize, lead = rate;
        const context = new OfflineAudioContext(2, lead + n, rate);
        const buffer = context.createBuffer(2, lead + n, rate);
        input.forEach((d, c) => buffer.getChannelData(c).set(d, lead));
        const source = context.createBufferSource();
        source.buffer = buffer;
        const chain = buildDevice(context, moment.device);
        source.connect(chain.input);
        chain.output.connect(context.destination);
        source.start();
        const out = await context.startRendering();
        const power = channels => channels.reduce((s, d) => s + d.reduce((t, x) => t + x * x, 0), 0);
        const last = d => d.subarray(d.length - size);
        moment.designed = 10 * Math.log10(power([0, 1].map(c => last(out.getChannelData(c)))) / power(input.map(last)));
        // Silence (the preview ended, as it may on a loaded machine before the last look) measures -Infinity dB, which JSON
        // cannot carry: it comes back as -1000 dB.
        for (const key of ['heard', 'into', 'designed']) if (!Number.isFinite(moment[key])) moment[key] = -1000;
        return moment;
    }}";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_client_switches_listen_on_while_a_revision_plays_without_a_gap_or_a_jump(bool phone)
    {
        Guid projectId, trackId, revisionId;
        await using (var scope = portal.Factory.Services.CreateAsyncScope())
        {
            var revision = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Revisions.Include(r => r.Track)
                .Where(r => r.Track!.Project!.Title == "Tidewater EP" && r.PostedAt != null)
                .OrderBy(r => r.Track!.Position).ThenBy(r => r.Number).FirstAsync();
            (projectId, trackId, revisionId) = (revision.Track!.ProjectId, revision.TrackId, revision.Id);
        }
        var ava = await portal.NewPageAsync(phone);
        await portal.SignInAsync(ava, DemoSeeder.ClientEmail, DemoSeeder.Password);
        await ava.GotoAsync($"/projects/{projectId}/tracks/{trackId}/review?revision={revisionId}");
        await ava.GetByTestId("review-page").WaitForAsync();
        await PortalBrowserFixture.WaitForCircuitAsync(ava);
        var revisionRow = ava.Locator($"[data-testid=review-source][data-kind=revision][data-revision=\"1\"]");
        await Assertions.Expect(revisionRow.GetByTestId("review-waveform")).ToHaveAttributeAsync("data-drawn", "peaks", new() { Timeout = 60_000 });
        await Assertions.Expect(revisionRow).ToHaveAttributeAsync("aria-current", "true");

        // The switch is a labelled control, on Studio until the client chooses; the mono meter shows only for mono.
        var listenOn = ava.GetByLabel("Listen on");
        await Assertions.Expect(listenOn).ToHaveValueAsync("studio");
        Assert.Equal(["Studio", "Phone speaker", "Laptop", "Earbuds", "Car", "TV", "Mono"],
            await listenOn.Locator("option").AllInnerTextsAsync());
        await Assertions.Expect(ava.GetByTestId("mono-meter")).ToBeHiddenAsync();

        // Play from the start; the meters fill once the first ~0.4 s has been heard.
        await ava.GetByTestId("review-play").ClickAsync();
        await Assertions.Expect(ava.GetByTestId("review-play")).ToHaveAttributeAsync("aria-label", "Pause");
        await ava.WaitForFunctionAsync($"() => {{ const p = {Review}.player; return p.context && p.context.currentTime > 0 && p.inputLevelDb() > -60; }}");
        await WaitForClockAsync(ava, await ClockAsync(ava) + 0.4);
        var before = await SnapshotAsync(ava);
        Assert.Equal("studio", before.Device);
        // Studio is straight through: heard as it plays into the stage.
        Assert.True(Math.Abs(before.Heard - before.Into) < 0.5,
            $"Studio: heard {before.Heard:0.00} dB, but {before.Into:0.00} dB plays into the devices");

        // Watch the media element from now on, every 40 ms: its time may only go forward.
        await ava.EvaluateAsync($@"() => {{
            const review = {Review};
            window.__listenTrace = [];
            window.__listenWatch = setInterval(() => {{
                const audio = review.player.players.get(review.state.activeKey).audio;
                window.__listenTrace.push([audio.currentTime, audio.paused]);
            }}, 40);
        }}");

        foreach (var (label, id) in new[] { ("Phone speaker", "phone"), ("Car", "car"), ("Mono", "mono") })
        {
            await listenOn.SelectOptionAsync(new SelectOptionValue { Label = label });
            // Once the meters' window (~0.37 s) holds only what was heard after the switch and its crossfade:
            await ava.WaitForFunctionAsync($@"id => {{
                const p = {Review}.player;
                return {Review}.state.device === id && p.deviceSwitchedAt != null
                    && p.context.currentTime >= p.deviceSwitchedAt + p.outputSides[0].fftSize / p.context.sampleRate + 0.03;
            }}", id);
            var after = await SnapshotAsync(ava);
            // On a machine starved of CPU the audio thread can drop a render quantum, and a window holding the glitch
            // differs from the offline render of the same input: up to two more looks, 150 ms apart, at later moments (the
            // demo revision is short: more would risk its end).
            for (var look = 0; look < 2 && !(Math.Abs(after.Heard - after.Into - after.Designed) < 1.0); look++)
            {
                await Task.Delay(150);
                after = await SnapshotAsync(ava);
            }
            Assert.Equal(id, after.Device);
            Assert.False(after.Paused, $"the revision paused when switching to {label}");
            Assert.False(after.Ended, $"the revision ran out before the switch to {label} could be heard (a slow machine?)");
            Assert.True(after.Time > before.Time + 0.3,
                $"the playhead did not move on through the switch to {label}: {before.Time:0.000} s before, {after.Time:0.000} s after");
            Assert.Equal("Pause", await ava.GetByTestId("review-play").GetAttributeAsync("aria-label"));
            // No jump beyond the device's own: the per-source gains are untouched (what plays into the devices is as
            // loud as before), and what is heard is the device's design applied to that moment.
            Assert.Equal(before.Gain, after.Gain);
            var expected = after.Designed;
            Console.WriteLine($"listen on {id} at {after.Time:0.00} s: heard {after.Heard:0.00} dB, into {after.Into:0.00} dB, design {expected:0.00} dB; before: heard {before.Heard:0.00} dB");
            Assert.True(Math.Abs(after.Heard - after.Into - expected) < 1.0,
                $"{label}: heard {after.Heard - after.Into:0.00} dB against what plays into the devices; its design gives {expected:0.00} dB here");
            before = after;
        }

        var trace = await ava.EvaluateAsync<JsonElement>("() => { clearInterval(window.__listenWatch); return window.__listenTrace; }");
        var times = trace.EnumerateArray().Select(s => (Time: s[0].GetDouble(), Paused: s[1].GetBoolean())).ToArray();
        Assert.True(times.Length >= 10, $"only {times.Length} looks at the playhead");
        Assert.DoesNotContain(times, s => s.Paused);
        for (var i = 1; i < times.Length; i++)
            Assert.True(times[i].Time >= times[i - 1].Time, $"the playhead went back from {times[i - 1].Time:0.000} s to {times[i].Time:0.000} s");
        // Never stalled: over every 0.4 s of looks (10 × 40 ms) the playhead moved on.
        for (var i = 10; i < times.Length; i++)
            Assert.True(times[i].Time > times[i - 10].Time, $"the playhead stood still at {times[i].Time:0.000} s");

        // Mono: the meter shows the fold-down's level change and the correlation for the moment playing.
        var meter = ava.GetByTestId("mono-meter");
        await Assertions.Expect(meter).ToBeVisibleAsync();
        await Assertions.Expect(meter).ToHaveTextAsync(new Regex(@"In mono: (−?\d+\.\d dB|cancels out) · L/R correlation −?\d\.\d\d"));
        var lossDb = double.Parse((await meter.GetAttributeAsync("data-loss-db"))!, System.Globalization.CultureInfo.InvariantCulture);
        var correlation = double.Parse((await meter.GetAttributeAsync("data-correlation"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(correlation, -1, 1);
        Assert.InRange(lossDb, -40, 0);
        await PortalBrowserFixture.ScreenshotAsync(ava, phone ? "review-listen-on-mono-phone" : "review-listen-on-mono");

        // Back to Studio: the meter goes (the 5-second preview may have ended by now, which changes nothing here).
        await listenOn.SelectOptionAsync("studio");
        await Assertions.Expect(meter).ToBeHiddenAsync();
        Assert.Equal("studio", (await SnapshotAsync(ava)).Device);
    }

    sealed record Moment(double Time, bool Paused, bool Ended, double Clock, double Heard, double Into, string Device, double Gain, double Designed);

    static async Task<Moment> SnapshotAsync(IPage page)
    {
        var s = await page.EvaluateAsync<JsonElement>(Snapshot);
        return new(s.GetProperty("time").GetDouble(), s.GetProperty("paused").GetBoolean(), s.GetProperty("ended").GetBoolean(),
            s.GetProperty("clock").GetDouble(), s.GetProperty("heard").GetDouble(), s.GetProperty("into").GetDouble(),
            s.GetProperty("device").GetString()!, s.GetProperty("gain").GetDouble(), s.GetProperty("designed").GetDouble());
    }

    static Task<double> ClockAsync(IPage page) => page.EvaluateAsync<double>($"() => {Review}.player.context.currentTime");

    /// <summary>Waits until the page's audio clock has reached a time (the audio's own progress, not a sleep).</summary>
    static Task WaitForClockAsync(IPage page, double clock) =>
        page.WaitForFunctionAsync($"clock => {Review}.player.context.currentTime >= clock", clock);
}
