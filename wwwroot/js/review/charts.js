// Short-term loudness over time and the long-term spectrum of every measured source, overlaid with uPlot.
// A chart is drawn again only when its sources, their measurements or its box's width changed.

import { clock } from './format.js';

export class ReviewCharts {
    constructor(loudnessHost, spectrumHost) {
        this.hosts = { loudness: loudnessHost, spectrum: spectrumHost };
        this.plots = {};
    }

    /** The chart boxes that exist on the page, to follow their width. */
    get boxes() {
        return [this.hosts.loudness, this.hosts.spectrum].filter(host => host);
    }

    draw(state) {
        const uPlot = globalThis.uPlot;
        if (!uPlot) return;
        const measured = state.sources.filter(s => s.figures);
        this.drawChart('loudness', measured, state, uPlot, {
            tables: measured.map(s => [s.figures.loudness.seconds, s.figures.loudness.lufs]),
            x: { label: 'Time', incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200], values: (u, ticks) => ticks.map(t => t == null ? '' : clock(t)) },
            y: { label: 'Short-term loudness (LUFS)' },
            distr: 1,
        });
        this.drawChart('spectrum', measured, state, uPlot, {
            tables: measured.map(s => [s.figures.spectrum.hz, s.figures.spectrum.db]),
            x: {
                label: 'Frequency (Hz)',
                splits: () => [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000],
                values: (u, ticks) => ticks.map(hz => hz == null ? '' : hz >= 1000 ? `${hz / 1000}k` : `${hz}`),
            },
            y: { label: 'Level (dB, mid, 1/3 octave)' },
            distr: 3,
        });
    }

    drawChart(name, sources, state, uPlot, spec) {
        const host = this.hosts[name];
        if (!host) return;
        const signature = sources.map(s => s.key + ':' + (s.figures?.integratedLufs ?? '')).join('|') + '|' + host.clientWidth;
        if (host.dataset.signature === signature) return;
        host.dataset.signature = signature;
        this.plots[name]?.destroy();
        host.innerHTML = '';
        if (sources.length === 0) {
            host.textContent = 'Nothing measured yet.';
            return;
        }
        const data = uPlot.join(spec.tables.map(([x, y]) => [x, y.map(v => v ?? null)]));
        const width = Math.max(240, host.clientWidth || 600);
        this.plots[name] = new uPlot({
            width, height: width < 500 ? 200 : 240,
            scales: { x: spec.distr === 3 ? { time: false, distr: 3, log: 10, range: [20, 20000] } : { time: false } },
            axes: [
                { label: spec.x.label, values: spec.x.values, splits: spec.x.splits, incrs: spec.x.incrs, size: 40 },
                { label: spec.y.label, size: 56 },
            ],
            series: [{}, ...sources.map(s => ({ label: s.label, stroke: state.colourOf(s.key), width: 1.5, spanGaps: false, points: { show: false } }))],
            legend: { live: false },
            cursor: { drag: { x: false, y: false } },
        }, data, host);
        host.setAttribute('data-series', String(sources.length));
    }

    dispose() {
        this.plots.loudness?.destroy();
        this.plots.spectrum?.destroy();
    }
}
