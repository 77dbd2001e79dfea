// The numbers table (loudness, range, true peak, PLR and each platform's gain per source) and, under it,
// what the streaming services do to the source being heard, in sentences.

import { escapeHtml, fmt, signed } from './format.js';

export function renderNumbers(host, state) {
    if (!host) return;
    const platforms = [...new Set(state.sources.flatMap(s => s.figures?.platforms ?? []).map(p => p.platform))];
    const pending = s => s.state === 'rendering' ? 'rendering…' : 'measuring…';
    const row = (s, cells, testId) => `<tr${testId ? ` data-testid="${testId}"` : ''} data-key="${escapeHtml(s.key)}"><th scope="row"><span class="rv-swatch" style="background:${state.colourOf(s.key)}"></span>${escapeHtml(s.label)}</th>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`;
    const measures = state.sources.map(s => {
        const f = s.figures;
        const cells = f
            ? [fmt(f.integratedLufs, 1, ''), fmt(f.loudnessRangeLu, 1, ''), fmt(f.truePeakDbtp, 1, ''), fmt(f.peakToLoudnessRatioDb, 1, '')]
            : [pending(s), '', '', ''];
        return row(s, cells, 'review-numbers-row');
    }).join('');
    const gains = state.sources.map(s => {
        const f = s.figures;
        const cells = f
            ? platforms.map(name => { const p = f.platforms.find(x => x.platform === name); return p ? `<span title="${escapeHtml(p.sentence)}">${signed(p.gainDb)}</span>` : '–'; })
            : [pending(s), ...platforms.slice(1).map(() => '')];
        return row(s, cells);
    }).join('');
    // Two narrow tables (the measures, then each service's change of level) rather than one wide one, the units in
    // the headings: they fit beside the comments at desktop width. On a phone the box scrolls sideways, and it takes
    // the keyboard's focus so it can be scrolled with the arrow keys.
    const head = (name, unit) => `<th scope="col">${escapeHtml(name)}${unit ? `<span class="rv-unit">${unit}</span>` : ''}</th>`;
    host.innerHTML = `<div class="rv-table-scroll" tabindex="0" role="region" aria-label="Numbers of each source">
            <table class="rv-numbers" data-testid="review-numbers">
            <thead><tr><th scope="col">Source</th>${head('Integrated', 'LUFS')}${head('Range', 'LU')}${head('True peak', 'dBTP')}${head('PLR', 'dB')}</tr></thead>
            <tbody>${measures}</tbody></table>
            ${platforms.length ? `<table class="rv-numbers rv-gains" data-testid="review-gains">
            <caption>Level change on each streaming service (dB)</caption>
            <thead><tr><th scope="col">Source</th>${platforms.map(p => head(p, '')).join('')}</tr></thead>
            <tbody>${gains}</tbody></table>` : ''}</div>
            <ul class="rv-platforms" data-testid="review-platforms"></ul>`;
    renderPlatforms(host, state);
}

export function renderPlatforms(host, state) {
    const list = host?.querySelector('[data-testid=review-platforms]');
    if (!list) return;
    const source = state.sourceOf(state.activeKey);
    const items = source?.figures?.platforms ?? [];
    // The codec check of a revision, in plain words: whether it clips once a platform has encoded it.
    const codecs = (source?.asPlayed ?? []).map(p =>
        `<li data-testid="review-codec" data-platform="${escapeHtml(p.platform)}" class="${p.clips ? 'rv-warning' : ''}">${escapeHtml(p.clientSummary)}</li>`);
    list.innerHTML = items.length || codecs.length
        ? `<li class="rv-platforms-title">${escapeHtml(source.label)} on the streaming services:</li>` + items.map(p => `<li>${escapeHtml(p.sentence)}</li>`).join('')
          + codecs.join('')
        : '';
}
