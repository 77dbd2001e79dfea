// "Listen on": what a master sounds like on the devices people play it on (docs/TRANSLATION.md). Each device is a
// design: a table of target response points read from published measurements of typical devices of its class, the
// Web Audio filters fitted to that table (scripts/fit-devices.mjs), a gentle compressor where such devices have one,
// the mono sum where they have one speaker, and a make-up gain so that switching devices does not jump in level.
// Pure: builds the graph on any BaseAudioContext, so the page plays through exactly what the tests measure offline.

/**
 * Chromium's DynamicsCompressorNode adds its own make-up gain (the Web Audio spec's: the inverse of the curve's gain
 * at 0 dBFS, to the power 0.6). The chain takes it back out so a device's level is its design's make-up alone; this
 * is that automatic gain for the one compressor setting every device uses, measured through an OfflineAudioContext
 * far below the threshold (DeviceSimulationTests checks it with every device that has a compressor). A new
 * compressor starts several dB lower and reaches it over about a quarter of a second, so the player builds every
 * device's chain once and keeps them all running (switching only which one is heard).
 */
export const COMPRESSOR = { threshold: -18, knee: 12, ratio: 2.5, attack: 0.01, release: 0.25, autoMakeupDb: 4.27 };

/**
 * The devices, in the order the switch lists them. target: [frequency Hz, dB relative to the device's midrange] read
 * from the sources in docs/TRANSLATION.md; band: the range the target and the test cover; filters: BiquadFilterNode
 * settings (for lowpass/highpass, Q is in dB as Web Audio has it; for peaking, Q is the usual bandwidth Q);
 * makeupDb: the gain that makes pink noise as loud (BS.1770 K-weighted) through the device as through Studio.
 */
export const DEVICES = [
    { id: 'studio', label: 'Studio', mono: false, compressor: false, filters: [], makeupDb: 0, band: null, target: [] },
    {
        id: 'phone', label: 'Phone speaker', mono: true, compressor: true, band: [200, 12500],
        target: [[200, -22], [300, -14], [400, -9], [600, -4], [800, -1.5], [1000, 0], [2000, 2], [3000, 3], [5000, 1.5], [8000, -1.5], [10000, -4], [12500, -9]],
        filters: [{ type: 'highpass', frequency: 669.3, Q: -3.163 }, { type: 'highpass', frequency: 180.3, Q: -1.758 }, { type: 'peaking', frequency: 2997.9, Q: 0.75, gain: 3.01 }, { type: 'lowpass', frequency: 8816.8, Q: -2.913 }],
        makeupDb: 1.03,
    },
    {
        id: 'laptop', label: 'Laptop', mono: false, compressor: true, band: [100, 14000],
        target: [[100, -24], [150, -17], [200, -11], [300, -5], [400, -2], [600, 0], [1000, 0], [2000, 0.5], [4000, 1], [7000, 0], [10000, -4], [14000, -10]],
        filters: [{ type: 'highpass', frequency: 393.5, Q: -1.805 }, { type: 'peaking', frequency: 5838.1, Q: 0.798, gain: 2.57 }, { type: 'lowpass', frequency: 10725.8, Q: -5.858 }],
        makeupDb: 1.51,
    },
    {
        id: 'earbuds', label: 'Earbuds', mono: false, compressor: false, band: [30, 16000],
        target: [[30, -14], [60, -8], [100, -4.5], [200, -1.5], [500, 0], [1000, 0], [2000, 2], [3000, 4], [5000, 2.5], [8000, -1.5], [12000, -5], [16000, -10]],
        filters: [{ type: 'highpass', frequency: 43.4, Q: -10.596 }, { type: 'peaking', frequency: 3605.7, Q: 0.954, gain: 5.04 }, { type: 'lowpass', frequency: 14379.6, Q: -7.919 }],
        makeupDb: -0.32,
    },
    {
        id: 'car', label: 'Car', mono: false, compressor: false, band: [25, 16000],
        target: [[25, 4], [40, 9], [60, 8.5], [80, 6], [120, 3], [200, 1], [500, 0], [1000, 0], [2000, 0], [4000, -1], [8000, -3], [12000, -6], [16000, -10]],
        filters: [{ type: 'highpass', frequency: 34.6, Q: 0.071 }, { type: 'lowshelf', frequency: 96.3, gain: 8.37 }, { type: 'lowpass', frequency: 16077, Q: -10.537 }],
        makeupDb: -0.22,
    },
    {
        id: 'tv', label: 'TV', mono: false, compressor: true, band: [60, 14000],
        target: [[60, -18], [80, -12], [120, -5.5], [200, -1.5], [500, 0], [1000, 0], [2000, 1], [5000, 0.5], [10000, -3], [14000, -8]],
        filters: [{ type: 'highpass', frequency: 131.8, Q: -3.374 }, { type: 'highpass', frequency: 41.8, Q: -6.658 }, { type: 'peaking', frequency: 3276.2, Q: 0.698, gain: 1.55 }, { type: 'lowpass', frequency: 11664.7, Q: -4.889 }],
        makeupDb: 0.99,
    },
    { id: 'mono', label: 'Mono', mono: true, compressor: false, filters: [], makeupDb: 0, band: null, target: [] },
];

export function deviceOf(id) {
    return DEVICES.find(d => d.id === id) ?? DEVICES[0];
}

/**
 * Builds one device's chain on context: input → (mono sum) → filters → (compressor) → make-up → output.
 * options.compressor = false leaves the compressor out (the tests measure the linear part with it in, far below its
 * threshold, and with it out). Returns { input, output, nodes }; the caller connects and disconnects them.
 */
export function buildDevice(context, id, options = {}) {
    const device = deviceOf(id);
    const input = context.createGain();
    const nodes = [input];
    let last = input;
    const chain = node => { last.connect(node); nodes.push(node); last = node; return node; };
    if (device.mono) {
        // A true L+R sum: a one-channel node downmixes stereo as (L+R)/2 ('speakers'), the next upmixes it to both sides.
        const sum = context.createGain();
        sum.channelCount = 1;
        sum.channelCountMode = 'explicit';
        sum.channelInterpretation = 'speakers';
        chain(sum);
        const spread = context.createGain();
        spread.channelCount = 2;
        spread.channelCountMode = 'explicit';
        spread.channelInterpretation = 'speakers';
        chain(spread);
    }
    for (const f of device.filters) {
        const filter = context.createBiquadFilter();
        filter.type = f.type;
        filter.frequency.value = f.frequency;
        if (f.Q != null) filter.Q.value = f.Q;
        if (f.gain != null) filter.gain.value = f.gain;
        chain(filter);
    }
    let makeupDb = device.makeupDb;
    if (device.compressor && options.compressor !== false) {
        const c = context.createDynamicsCompressor();
        c.threshold.value = COMPRESSOR.threshold;
        c.knee.value = COMPRESSOR.knee;
        c.ratio.value = COMPRESSOR.ratio;
        c.attack.value = COMPRESSOR.attack;
        c.release.value = COMPRESSOR.release;
        chain(c);
        makeupDb -= COMPRESSOR.autoMakeupDb;
    }
    const output = chain(context.createGain());
    output.gain.value = Math.pow(10, makeupDb / 20);
    return { input, output, nodes };
}

/** Lets go of a chain built by buildDevice. */
export function disposeDevice(chain) {
    for (const node of chain.nodes) node.disconnect();
}

/**
 * What folding to mono loses right now, from the two channels' last samples (Float32Arrays of equal length):
 * { lossDb: mono power over stereo power in dB (0 for a centred sound, −3 for unrelated sides, −∞ for opposite
 * ones), correlation: −1…1 } or null in silence.
 */
export function foldDown(left, right) {
    let ll = 0, rr = 0, lr = 0;
    for (let i = 0; i < left.length; i++) {
        ll += left[i] * left[i];
        rr += right[i] * right[i];
        lr += left[i] * right[i];
    }
    const stereo = (ll + rr) / 2;
    if (stereo < 1e-12 * left.length) return null;
    const mono = (ll + rr + 2 * lr) / 4;
    return {
        lossDb: mono > 0 ? 10 * Math.log10(mono / stereo) : -Infinity,
        correlation: ll > 0 && rr > 0 ? lr / Math.sqrt(ll * rr) : 0,
    };
}
