// The difference view: two sources chosen by the listener (the mix and the latest revision to begin with), the
// short-term loudness of the second minus the first drawn under the waveforms at the same zoom, and what the
// server's comparison of their stored analyses says in words (Features/Review/SourceDifference.cs).

import { listItem } from './format.js';
import { fitCanvas } from './waveform.js';

const RANGE_LU = 6;                 // the curve's full height: ±6 LU (larger differences are drawn at the edge)
const HEIGHT = 56;

export class DifferenceView {
    /** host: the panel's element; url(a, b): the comparison's address; state: the review's state (view, sources, colours). */
    constructor(host, state, url, on) {
        this.host = host;
        this.state = state;
        this.url = url;
        this.result = null;
        this.pair = null;
        this.a = host.querySelector('[data-testid=review-diff-a]');
        this.b = host.querySelector('[data-testid=review-diff-b]');
        this.canvas = host.querySelector('[data-testid=review-diff-curve]');
        this.words = host.querySelector('[data-testid=review-diff-words]');
        on(this.a, 'change', () => this.load());
        on(this.b, 'change', () => this.load());
    }

    /** The sources changed: the choices follow (kept where they still exist) and the comparison is read again. */
    sourcesChanged() {
        const measured = this.state.sources.filter(s => s.figures);
        this.host.hidden = measured.length < 2;
        if (measured.length < 2) return;
        const keep = (select, fallback) => {
            const was = select.value;
            select.replaceChildren(...measured.map(s => new Option(s.label, s.key)));
            select.value = measured.some(s => s.key === was) ? was : fallback;
        };
        const latest = [...measured].reverse().find(s => s.kind === 'revision') ?? measured[1];
        keep(this.a, (measured.find(s => s.kind === 'mix') ?? measured[0]).key);
        keep(this.b, latest.key === this.a.value ? measured.find(s => s.key !== this.a.value).key : latest.key);
        this.load();
    }

    async load() {
        const pair = `${this.a.value}|${this.b.value}`;
        if (this.a.value === this.b.value) {
            this.result = null;
            this.pair = pair;
            this.words.replaceChildren(listItem('Choose two different sources to compare.'));
            this.draw();
            return;
        }
        this.pair = pair;
        try {
            const response = await fetch(this.url(this.a.value, this.b.value), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
            if (this.pair !== pair) return;         // the listener chose again meanwhile
            this.result = response.ok ? await response.json() : null;
        } catch {
            this.result = null;
        }
        this.words.replaceChildren(...(this.result?.sentences ?? ['The comparison could not be loaded; choose again to retry.']).map(listItem));
        this.host.dataset.pair = pair;
        this.draw();
    }

    /** The curve at the waveforms' zoom: above the line where the second source is louder, below where it is quieter. */
    draw() {
        const canvas = this.canvas;
        const { g, width, height, ratio } = fitCanvas(canvas, HEIGHT);
        const mid = height / 2;
        g.fillStyle = '#9e9e9e';
        g.fillRect(0, Math.round(mid), width, Math.max(1, ratio));
        const result = this.result;
        const duration = this.state.sourceOf(this.a.value)?.figures?.durationSeconds;
        canvas.dataset.points = '0';
        if (!result || !duration) return;
        g.fillStyle = this.state.colourOf(this.b.value);
        const scale = (mid - ratio) / RANGE_LU;
        let drawn = 0;
        result.seconds.forEach((t, i) => {
            const d = result.loudnessLu[i];
            if (d == null) return;
            const x = this.state.view.x(t, duration, width);
            const next = i + 1 < result.seconds.length ? this.state.view.x(result.seconds[i + 1], duration, width) : x + ratio;
            if (next < 0 || x > width) return;
            const y = Math.max(-RANGE_LU, Math.min(RANGE_LU, d)) * scale;
            g.fillRect(x, y > 0 ? mid - y : mid, Math.max(ratio, next - x), Math.max(ratio, Math.abs(y)));
            drawn++;
        });
        canvas.dataset.points = String(drawn);
    }
}
