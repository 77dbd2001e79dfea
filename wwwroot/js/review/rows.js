// One row per source: its number key, label, matched gain, figures, waveform canvas and status (render
// progress, notes); rows are kept and updated in place so a push does not rebuild what is unchanged.

import { clock, fmt } from './format.js';

export class SourceRows {
    /** wire(row): called once for each new row, to wire its pick button and waveform. */
    constructor(root, state, wire) {
        this.root = root;
        this.state = state;
        this.wire = wire;
    }

    render() {
        const list = this.root.querySelector('[data-testid=review-sources]');
        const sources = this.state.sources;
        const keep = new Set(sources.map(s => s.key));
        for (const row of [...list.children]) if (!keep.has(row.dataset.key)) row.remove();
        sources.forEach((source, index) => {
            let row = list.querySelector(`[data-key="${CSS.escape(source.key)}"]`);
            if (!row) {
                row = document.createElement('div');
                row.className = 'rv-source';
                row.dataset.key = source.key;
                row.setAttribute('data-testid', 'review-source');
            row.innerHTML = `
                    <div class="rv-head">
                        <button type="button" class="rv-pick" data-testid="review-pick"><kbd></kbd><span class="rv-label"></span></button>
                        <span class="rv-gain" data-testid="review-gain"></span>
                        <span class="rv-figures" data-testid="review-figures"></span>
                    </div>
                    <canvas class="rv-wave" data-testid="review-waveform" height="64"></canvas>
                    <div class="rv-status" data-testid="review-status"></div>`;
                this.wire(row);
            }
            list.appendChild(row);      // keeps the rows in the sources' order
            row.dataset.kind = source.kind;
            row.dataset.state = source.state;
            row.dataset.revision = source.revisionNumber ?? '';
            row.style.setProperty('--rv-colour', this.state.colourOf(source.key));
            row.querySelector('kbd').textContent = index < 9 ? String(index + 1) : '';
            row.querySelector('.rv-label').textContent = source.label + (source.approved ? ' ✓ approved' : '');
            const f = source.figures;
            row.querySelector('.rv-figures').textContent = f
                ? `${fmt(f.integratedLufs, 1, ' LUFS')} · ${fmt(f.truePeakDbtp, 1, ' dBTP')} · LRA ${fmt(f.loudnessRangeLu, 1, ' LU')}`
                : '';
            this.renderStatus(source, row);
        });
        this.renderGains();
        this.renderActive();
    }

    /** The row's status line and progress bar: rendering, measuring or failed, and the notes. */
    renderStatus(source, row = this.rowOf(source.key)) {
        if (!row) return;
        const status = row.querySelector('.rv-status');
        row.dataset.state = source.state;
        const parts = [];
        if (source.state === 'rendering') parts.push(`Rendering… ${source.progressPercent} %`);
        else if (source.state === 'analysing') parts.push('Measuring…');
        else if (source.state === 'failed') parts.push(`The render failed: ${source.failureReason ?? 'see the workspace'}`);
        if (source.audioNote) parts.push(source.audioNote);
        if (source.engineerNote) parts.push(`Engineer's note: ${source.engineerNote}`);
        status.textContent = parts.join(' · ');
        status.hidden = parts.length === 0;
        const made = row.querySelector('.rv-provenance') ?? (() => {
            const p = document.createElement('p');
            p.className = 'rv-provenance';
            p.setAttribute('data-testid', 'review-provenance');
            status.after(p);
            return p;
        })();
        // The mix's row lists the brief's problem notes in words too (the waveform shows them as amber bands).
        const problems = source.kind === 'mix' && this.state.problemNotes.length > 0
            ? 'Marked in the brief: ' + this.state.problemNotes.map(n =>
                `${clock(n.startSeconds)}${n.endSeconds != null ? '–' + clock(n.endSeconds) : ''} ${n.text}`.trim()).join(' · ')
            : null;
        const words = source.provenance ?? problems;
        made.textContent = words ?? '';
        made.hidden = !words;
        const bar = row.querySelector('.rv-progress') ?? (() => {
            const b = document.createElement('progress');
            b.className = 'rv-progress';
            b.max = 100;
            b.setAttribute('data-testid', 'review-progress');
            row.querySelector('.rv-head').after(b);
            return b;
        })();
        bar.hidden = source.state !== 'rendering';
        bar.value = source.progressPercent ?? 0;
    }

    rowOf(key) {
        return this.root.querySelector(`.rv-source[data-key="${CSS.escape(key)}"]`);
    }

    renderActive() {
        for (const row of this.root.querySelectorAll('.rv-source')) {
            const active = row.dataset.key === this.state.activeKey;
            row.classList.toggle('rv-active', active);
            row.setAttribute('aria-current', active ? 'true' : 'false');
        }
    }

    renderGains() {
        const state = this.state;
        for (const source of state.sources) {
            const row = this.rowOf(source.key);
            if (!row) continue;
            const gain = state.gainDb(source);
            const shown = state.platform ? true : state.matched && source.figures?.integratedLufs != null;
            row.querySelector('.rv-gain').textContent = shown
                ? `${gain <= -0.05 ? '−' + Math.abs(gain).toFixed(1) : gain >= 0.05 ? '+' + gain.toFixed(1) : '0.0'} dB` : '';
            row.querySelector('.rv-gain').title = state.platform ? `Played at the level ${state.platform}'s loudness normalization gives it`
                : state.matched ? 'Played at this gain so that every source is equally loud' : '';
        }
    }
}
