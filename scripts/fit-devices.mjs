// Fits each "Listen on" device's filters to its target table (wwwroot/js/review/devices.js) and computes its
// make-up gain; prints the filters and make-up to paste into the design, and each table point's error.
// Run: node scripts/fit-devices.mjs [device] [--check]. The response is the Web Audio spec's biquad formulas at 48 and 44.1 kHz, the
// same ones Chromium runs (DeviceSimulationTests then measures the real graph against the table).

import { DEVICES } from '../wwwroot/js/review/devices.js';

const RATE = 48000;

/** The Web Audio BiquadFilterNode's coefficients (spec, "Filters characteristics"); lowpass/highpass Q in dB. */
function coefficients(f, rate = RATE) {
    const w0 = 2 * Math.PI * f.frequency / rate, cos = Math.cos(w0), sin = Math.sin(w0);
    const A = Math.pow(10, (f.gain ?? 0) / 40);
    switch (f.type) {
        case 'lowpass': case 'highpass': {
            const alpha = sin / (2 * Math.pow(10, (f.Q ?? 0) / 20));
            const lp = f.type === 'lowpass';
            const b0 = lp ? (1 - cos) / 2 : (1 + cos) / 2;
            return [b0, lp ? 1 - cos : -(1 + cos), b0, 1 + alpha, -2 * cos, 1 - alpha];
        }
        case 'peaking': {
            const alpha = sin / (2 * f.Q);
            return [1 + alpha * A, -2 * cos, 1 - alpha * A, 1 + alpha / A, -2 * cos, 1 - alpha / A];
        }
        case 'lowshelf': case 'highshelf': {
            const alpha = sin / 2 * Math.SQRT2, s = 2 * Math.sqrt(A) * alpha;
            if (f.type === 'lowshelf')
                return [A * ((A + 1) - (A - 1) * cos + s), 2 * A * ((A - 1) - (A + 1) * cos), A * ((A + 1) - (A - 1) * cos - s),
                        (A + 1) + (A - 1) * cos + s, -2 * ((A - 1) + (A + 1) * cos), (A + 1) + (A - 1) * cos - s];
            return [A * ((A + 1) + (A - 1) * cos + s), -2 * A * ((A - 1) + (A + 1) * cos), A * ((A + 1) + (A - 1) * cos - s),
                    (A + 1) - (A - 1) * cos + s, 2 * ((A - 1) - (A + 1) * cos), (A + 1) - (A - 1) * cos - s];
        }
    }
    throw new Error(f.type);
}

/** |H(f)|² of a biquad given as [b0, b1, b2, a0, a1, a2]. */
function power([b0, b1, b2, a0, a1, a2], hz, rate = RATE) {
    const w = 2 * Math.PI * hz / rate, c1 = Math.cos(w), s1 = Math.sin(w), c2 = Math.cos(2 * w), s2 = Math.sin(2 * w);
    const nr = b0 + b1 * c1 + b2 * c2, ni = -(b1 * s1 + b2 * s2);
    const dr = a0 + a1 * c1 + a2 * c2, di = -(a1 * s1 + a2 * s2);
    return (nr * nr + ni * ni) / (dr * dr + di * di);
}

const responseDb = (filters, hz, rate = RATE) => filters.reduce((db, f) => db + 10 * Math.log10(power(coefficients(f, rate), hz, rate)), 0);

/** The page runs at the device's rate, 44.1 or 48 kHz: the fit holds at both (they differ near the top of the band). */
const RATES = [48000, 44100];

// BS.1770's K-weighting at 48 kHz (its two published stages), for the make-up gain's loudness.
const K = [[1.53512485958697, -2.69169618940638, 1.19839281085285, 1, -1.69065929318241, 0.73248077421585],
           [1, -2, 1, 1, -1.99004745483398, 0.99007225036621]];

/** The gain that makes pink noise through the filters as loud (K-weighted power, 20 Hz–20 kHz) as without them. */
function makeupDb(filters) {
    let through = 0, straight = 0;
    for (let i = 0; i <= 2000; i++) {
        const hz = 20 * Math.pow(1000, i / 2000);            // equal steps in log frequency: pink noise's equal power per octave
        const k = power(K[0], hz) * power(K[1], hz);
        straight += k;
        through += k * Math.pow(10, responseDb(filters, hz) / 10);
    }
    return -10 * Math.log10(through / straight);
}

/** Starting structures: which filters each device gets, with first guesses the fit moves. */
const START = {
    phone: [{ type: 'highpass', frequency: 550, Q: 0 }, { type: 'highpass', frequency: 550, Q: 0 },
            { type: 'peaking', frequency: 3000, Q: 0.8, gain: 3 }, { type: 'lowpass', frequency: 10000, Q: 0 }],
    laptop: [{ type: 'highpass', frequency: 350, Q: 0 }, { type: 'peaking', frequency: 4000, Q: 0.7, gain: 1 }, { type: 'lowpass', frequency: 11000, Q: 0 }],
    earbuds: [{ type: 'highpass', frequency: 80, Q: -3 }, { type: 'peaking', frequency: 3000, Q: 1.2, gain: 4 },
              { type: 'lowpass', frequency: 12000, Q: -2 }],
    car: [{ type: 'highpass', frequency: 25, Q: 0 }, { type: 'lowshelf', frequency: 90, gain: 9 },
          { type: 'lowpass', frequency: 12000, Q: -3 }],
    tv: [{ type: 'highpass', frequency: 130, Q: 0 }, { type: 'highpass', frequency: 90, Q: -3 }, { type: 'peaking', frequency: 2000, Q: 0.7, gain: 1 },
         { type: 'lowpass', frequency: 11000, Q: 0 }],
};

// The parameters the fit moves, as a vector: log frequency, Q (dB for pass filters, log for peaking) and gain.
function toVector(filters) {
    return filters.flatMap(f => [Math.log(f.frequency), ...(f.type === 'peaking' ? [Math.log(f.Q)] : f.Q != null ? [f.Q] : []), ...(f.gain != null ? [f.gain] : [])]);
}

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

function fromVector(v, shape) {
    let i = 0;
    return shape.map(f => {
        // Bounded to what a real device's filter could be: audible frequencies, no needle-sharp or runaway filters.
        const out = { type: f.type, frequency: clamp(Math.exp(v[i++]), 20, 20000) };
        if (f.type === 'peaking') out.Q = clamp(Math.exp(v[i++]), 0.3, 4);
        else if (f.Q != null) out.Q = clamp(v[i++], -12, 8);
        if (f.gain != null) out.gain = clamp(v[i++], -15, 15);
        return out;
    });
}

function cost(filters, target) {
    let sum = 0;
    for (const rate of RATES)
    for (const [hz, db] of target) {
        const e = responseDb(filters, hz, rate) - db;
        sum += e * e + (Math.abs(e) > 0.4 ? 20 * (Math.abs(e) - 0.4) ** 2 : 0);
    }
    // The smallest boosts that do it: a big narrow peak can pass through the table's points and ring between them.
    for (const f of filters) if (f.type === 'peaking') sum += 0.02 * f.gain * f.gain + 0.05 * f.Q * f.Q;
    return sum;
}

/** Nelder–Mead, restarted a few times from its own best point. */
function minimise(f, x0) {
    let best = x0;
    for (let restart = 0; restart < 6; restart++) {
        const n = best.length;
        let simplex = [best, ...best.map((_, i) => best.map((x, j) => x + (i === j ? 0.3 : 0)))].map(x => ({ x, y: f(x) }));
        for (let it = 0; it < 4000; it++) {
            simplex.sort((a, b) => a.y - b.y);
            const centroid = simplex[0].x.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
            const worst = simplex[n];
            const at = t => centroid.map((c, j) => c + t * (worst.x[j] - c));
            const r = { x: at(-1) }; r.y = f(r.x);
            if (r.y < simplex[0].y) { const e = { x: at(-2) }; e.y = f(e.x); simplex[n] = e.y < r.y ? e : r; }
            else if (r.y < simplex[n - 1].y) simplex[n] = r;
            else {
                const c = { x: at(0.5) }; c.y = f(c.x);
                if (c.y < worst.y) simplex[n] = c;
                else simplex = simplex.map((p, i) => i === 0 ? p : (q => ({ x: q, y: f(q) }))(p.x.map((x, j) => simplex[0].x[j] + 0.5 * (x - simplex[0].x[j]))));
            }
        }
        simplex.sort((a, b) => a.y - b.y);
        best = simplex[0].x;
    }
    return best;
}

const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
const check = process.argv.includes('--check');     // only report the design as it is: its errors and make-up
const only = process.argv.slice(2).find(a => !a.startsWith('--'));
for (const device of DEVICES) {
    if ((!START[device.id] && !device.filters.length) || (only && only !== device.id)) continue;
    // Refines the design's own filters when it has them (so a re-run reproduces it), else starts from START.
    const shape = device.filters.length ? device.filters : START[device.id];
    const fitted = (check ? shape : fromVector(minimise(v => cost(fromVector(v, shape), device.target), toVector(shape)), shape))
        .map(f => ({ type: f.type, frequency: round(f.frequency, 1), ...(f.Q != null ? { Q: round(f.Q, 3) } : {}), ...(f.gain != null ? { gain: round(f.gain, 2) } : {}) }));
    console.log(`${device.id}:`);
    console.log(`        filters: ${JSON.stringify(fitted).replaceAll('"', '').replace(/([a-z]+):/g, '$1: ').replace(/type: ([a-z]+)/g, "type: '$1'").replaceAll(',', ', ').replaceAll('{', '{ ').replaceAll('}', ' }')},`);
    console.log(`        makeupDb: ${round(makeupDb(fitted), 2)},`);
    for (const rate of RATES)
        console.log(`  error at each point at ${rate} Hz: ` + device.target.map(([hz, db]) => `${hz} Hz ${round(responseDb(fitted, hz, rate) - db, 2)}`).join(', '));
}
