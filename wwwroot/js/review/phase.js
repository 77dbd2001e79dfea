// Mono and phase over time (issue 19, docs/TRANSLATION.md): for the source being heard, the left/right correlation in
// three bands (high, mid, low) as coloured rows at the waveforms' zoom, and under them the passages that lose more in
// mono than the listener's threshold, marked and listed; a click on the strip or on a listed passage plays from there.
// The figures are the server's (Audio/Analysis/MonoTimeline.cs), one point per analysis frame (about a third of a second).

import { clock, listItem } from './format.js';
import { fitCanvas } from './waveform.js';

const ROW = 14;                     // each band's row, CSS pixels
const GAP = 2;
const MARK = 6;                     // the passages' bar under the rows
const HEIGHT = 3 * ROW + 3 * GAP + MARK;
const BANDS = [['high', 'High'], ['mid', 'Mid'], ['low', 'Low']];
export const THRESHOLDS_LU = [1, 2, 3, 4.5, 6];
export const DEFAULT_THRESHOLD_LU = 3;

/**
 * The passages whose frames lose more than thresholdLu in mono, neighbouring frames joined across one frame below it
 * (as MonoTimeline.Passages does on the server): [{ start, end, worstLu, band }] with the band whose correlation was
 * lowest in it ('low', 'mid', 'high' or null).
 */
export function monoPassages(mono, thresholdLu, duration) {
    const loss = mono?.lossLu ?? [];
    const found = [];
    let start = null, last = -1, worst = 0;
    const close = () => {
        const lowest = { band: null, r: Infinity };
        for (let i = start; i <= last; i++)
            for (const [band] of BANDS) {
                const r = mono[band]?.[i];
                if (r != null && r < lowest.r) Object.assign(lowest, { band, r });
            }
        found.push({ start: start * mono.frameSeconds, end: Math.min(duration, (last + 1) * mono.frameSeconds), worstLu: worst, band: lowest.band });
        start = null;
    };
    for (let i = 0; i < loss.length; i++) {
        if (loss[i] != null && loss[i] > thresholdLu) {
            if (start === null) { start = i; worst = 0; }
            last = i;
            worst = Math.max(worst, loss[i]);
        } else if (start !== null && i - last > 1) {
            close();
        }
    }
    if (start !== null) close();
    return found;
}

/** +1 (the sides move together) green, 0 (unrelated) amber, −1 (opposed: cancels in mono) red; in between, blended. */
export function correlationColour(r) {
    const mix = (a, b, f) => a.map((v, i) => Math.round(v + (b[i] - v) * f));
    const green = [46, 125, 50], amber = [249, 168, 37], red = [198, 40, 40];
    const c = r >= 0 ? mix(amber, green, Math.min(1, r)) : mix(amber, red, Math.min(1, -r));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const BAND_WORDS = { low: 'the low end', mid: 'the mids', high: 'the highs' };

export class PhaseView {
    /** host: the section; state: the review's state; on(target, event, handler); jump(key, seconds): play from there. */
    constructor(host, state, on, jump) {
        this.host = host;
        this.state = state;
        this.jump = jump;
        this.canvas = host.querySelector('[data-testid=phase-strip]');
        this.threshold = host.querySelector('[data-testid=phase-threshold]');
        this.list = host.querySelector('[data-testid=phase-passages]');
        this.name = host.querySelector('[data-testid=phase-source]');
        this.threshold.replaceChildren(...THRESHOLDS_LU.map(lu => new Option(`${lu} LU`, String(lu))));
        this.threshold.value = String(DEFAULT_THRESHOLD_LU);
        this.listed = '';
        on(this.threshold, 'change', () => this.draw());
        on(this.canvas, 'click', e => {
            const { source, duration } = this.current();
            if (!source?.figures?.mono || !duration) return;
            const rect = this.canvas.getBoundingClientRect();
            this.jump(source.key, this.state.view.seconds(e.clientX - rect.left, duration, rect.width));
        });
        on(this.list, 'click', e => {
            const button = e.target.closest('button[data-start]');
            const { source } = this.current();
            if (button && source) this.jump(source.key, Number(button.dataset.start));
        });
    }

    current() {
        const source = this.state.sourceOf(this.state.activeKey);
        return { source, duration: source?.figures?.durationSeconds ?? 0 };
    }

    /** The strip and the list for the source being heard, at the waveforms' zoom. */
    draw() {
        const { source, duration } = this.current();
        this.host.hidden = !this.state.sources.some(s => s.figures);
        if (this.host.hidden) return;
        const mono = source?.figures?.mono;
        this.name.textContent = source?.label ?? '';
        this.host.dataset.source = source?.key ?? '';
        const { g, width, ratio } = fitCanvas(this.canvas, HEIGHT);
        this.canvas.dataset.points = '0';
        const thresholdLu = Number(this.threshold.value);
        if (!mono || !duration) {
            this.host.dataset.passages = '';
            this.setList(`none|${source?.key}`, [listItem(source?.figures
                ? 'No mono and phase figures for this source: it is mono, or it was analysed before they were measured.'
                : 'This source has not been measured yet.')]);
            return;
        }
        let drawn = 0;
        const span = i => {
            const x0 = this.state.view.x(i * mono.frameSeconds, duration, width);
            const x1 = this.state.view.x(Math.min(duration, (i + 1) * mono.frameSeconds), duration, width);
            return x1 < 0 || x0 > width ? null : [Math.floor(x0), Math.max(1, Math.ceil(x1) - Math.floor(x0))];
        };
        BANDS.forEach(([band], row) => {
            const values = mono[band] ?? [];
            const y = row * (ROW + GAP) * ratio;
            for (let i = 0; i < values.length; i++) {
                const at = span(i);
                if (!at) continue;
                g.fillStyle = values[i] == null ? '#eeeeee' : correlationColour(values[i]);
                g.fillRect(at[0], y, at[1], ROW * ratio);
                if (row === 0) drawn++;
            }
        });
        const found = monoPassages(mono, thresholdLu, duration);
        const barY = 3 * (ROW + GAP) * ratio;
        g.fillStyle = '#f5f5f5';
        g.fillRect(0, barY, width, MARK * ratio);
        g.fillStyle = '#b71c1c';
        for (const passage of found) {
            const x0 = this.state.view.x(passage.start, duration, width);
            const x1 = this.state.view.x(passage.end, duration, width);
            if (x1 < 0 || x0 > width) continue;
            g.fillRect(Math.floor(x0), barY, Math.max(2 * ratio, x1 - x0), MARK * ratio);
        }
        this.canvas.dataset.points = String(drawn);
        this.host.dataset.passages = found.map(p => `${p.start.toFixed(2)}-${p.end.toFixed(2)}`).join(' ');
        const key = `${source.key}|${thresholdLu}|${this.host.dataset.passages}`;
        if (found.length === 0) {
            this.setList(key, [listItem(`No passage loses more than ${thresholdLu} LU in mono.`)]);
            return;
        }
        this.setList(key, found.map(p => {
            const li = document.createElement('li');
            const button = document.createElement('button');
            button.type = 'button';
            button.dataset.start = String(p.start);
            button.dataset.testid = 'phase-passage';
            const loss = p.worstLu >= 40 ? 'cancels out in mono' : `loses up to ${p.worstLu.toFixed(1)} LU in mono`;
            button.textContent = `${clock(p.start)}–${clock(p.end)}: ${loss}${p.band ? `, ${BAND_WORDS[p.band]} most out of phase` : ''}`;
            button.setAttribute('aria-label', `Play from ${clock(p.start)}: ${button.textContent}`);
            li.append(button);
            return li;
        }));
    }

    /** Replaces the list only when it says something new (a redraw for the playhead keeps focus on a passage's button). */
    setList(key, items) {
        if (this.listed === key) return;
        this.listed = key;
        this.list.replaceChildren(...items);
    }
}
