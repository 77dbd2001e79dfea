// The numbers table (loudness, range, true peak, PLR and each platform's gain per source) and, under it,
// what the streaming services do to the source being heard, in sentences.

import { escapeHtml, fmt, signed } from './format.js';

export function renderNumbers(host, state) {
    if (!host) return;
    const platforms = [...new Set(state.sources.flatMap(s => s.figures?.platforms ?? []).map(p => p.platform))];
    const rows = state.sources.map(s => {
        const f = s.figures;
        const cells = f
            ? [fmt(f.integratedLufs, 1, ' LUFS'), fmt(f.loudnessRangeLu, 1, ' LU'), fmt(f.truePeakDbtp, 1, ' dBTP'), fmt(f.peakToLoudnessRatioDb, 1, ' dB'),
               ...platforms.map(name => { const p = f.platforms.find(x => x.platform === name); return p ? `<span title="${escapeHtml(p.sentence)}">${signed(p.gainDb)} dB</span>` : '–'; })]
            : [s.state === 'rendering' ? 'rendering…' : 'measuring…', '', '', '', ...platforms.map(() => '')];
        return `<tr data-testid="review-numbers-row" data-key="${escapeHtml(s.key)}"><th scope="row"><span class="rv-swatch" style="background:${state.colourOf(s.key)}"></span>${escapeHtml(s.label)}</th>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`;
    }).join('');
    host.innerHTML = `<div class="rv-table-scroll"><table class="rv-numbers" data-testid="review-numbers">
            <thead><tr><th scope="col">Source</th><th scope="col">Integrated</th><th scope="col">Range</th><th scope="col">True peak</th><th scope="col">PLR</th>
            ${platforms.map(p => `<th scope="col">${escapeHtml(p)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
            <ul class="rv-platforms" data-testid="review-platforms"></ul>`;
    renderPlatforms(host, state);
}

export function renderPlatforms(host, state) {
    const list = host?.querySelector('[data-testid=review-platforms]');
    if (!list) return;
    const source = state.sourceOf(state.activeKey);
    const items = source?.figures?.platforms ?? [];
    list.innerHTML = items.length
        ? `<li class="rv-platforms-title">${escapeHtml(source.label)} on the streaming services:</li>` + items.map(p => `<li>${escapeHtml(p.sentence)}</li>`).join('')
        : '';
}
