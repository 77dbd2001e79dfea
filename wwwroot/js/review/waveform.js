// A source's waveform on its row's canvas, drawn from the server's precomputed peaks (never by decoding audio
// here), with the selection under it, the comments over it and the playhead; and the pointer on it, where a
// click picks a moment and a drag a passage to comment on or loop.

import { drawMarkers, drawProblems } from './comments.js';

const DRAG_PIXELS = 4;               // a press that moves less than this is a click, not a range
const HEIGHT = 64;

/**
 * Wires a row's canvas. review: { state, player, on(target, event, handler), drawAll(), selected(source, selection, focus) }.
 */
export function wireWaveform(canvas, key, review) {
    let down = null;
    const seconds = x => {
        const source = review.state.sourceOf(key);
        const duration = source?.figures?.durationSeconds ?? 0;
        const rect = canvas.getBoundingClientRect();
        return review.state.view.seconds(x - rect.left, duration, rect.width);
    };
    review.on(canvas, 'pointerdown', e => {
        down = { x: e.clientX, t: seconds(e.clientX) };
        canvas.setPointerCapture(e.pointerId);
    });
    review.on(canvas, 'pointermove', e => {
        if (!down || Math.abs(e.clientX - down.x) < DRAG_PIXELS) return;
        const t = seconds(e.clientX);
        review.state.selection = { key, start: Math.min(down.t, t), end: Math.max(down.t, t) };
        review.drawAll();
    });
    review.on(canvas, 'pointerup', e => {
        if (!down) return;
        const dragged = Math.abs(e.clientX - down.x) >= DRAG_PIXELS;
        const t = seconds(e.clientX);
        const selection = dragged ? { key, start: Math.min(down.t, t), end: Math.max(down.t, t) } : { key, start: down.t, end: null };
        review.state.selection = selection;
        down = null;
        review.player.switchTo(key);
        review.player.seekTo(key, selection.start);
        review.selected(review.state.sourceOf(key), review.state.selection);
    });
    review.on(canvas, 'pointercancel', () => { down = null; });
    // A sideways scroll (a trackpad's swipe, or Shift with the wheel) moves a zoomed view along the track.
    review.on(canvas, 'wheel', e => {
        const sideways = e.deltaX !== 0 ? e.deltaX : e.shiftKey ? e.deltaY : 0;
        if (review.state.view.zoom === 1 || sideways === 0) return;
        e.preventDefault();
        review.state.view.panBy(Math.sign(sideways) * 0.1);
        review.viewChanged();
    }, { passive: false });
}

/** Sizes a canvas to its box in device pixels (cssHeight tall) and clears it: { g, width, height, ratio }. */
export function fitCanvas(canvas, cssHeight) {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(100, Math.round(canvas.clientWidth * ratio));
    const height = Math.round(cssHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    return { g, width, height, ratio };
}

/** Draws the wave, selection and markers, and keeps the picture on the row so the playhead can move over it. */
export function drawWaveform(row, source, state) {
    const canvas = row?.querySelector('canvas');
    if (!canvas) return;
    const { g, width, height, ratio } = fitCanvas(canvas, HEIGHT);
    const wave = source.figures?.waveform;
    const duration = source.figures?.durationSeconds ?? 0;
    const mid = height / 2;
    if (!wave || !duration) {
        g.fillStyle = '#9e9e9e';
        g.fillRect(0, mid, width, Math.max(1, ratio));
        canvas.dataset.drawn = 'empty';
        return;
    }
    const colour = state.colourOf(source.key);
    const view = state.view;
    const xOf = t => view.x(t, duration, width);
    // Selection under the wave.
    if (state.selection?.key === source.key) {
        const x0 = xOf(state.selection.start);
        const x1 = state.selection.end != null ? xOf(state.selection.end) : x0 + 2 * ratio;
        g.fillStyle = 'rgba(255, 193, 7, 0.35)';
        g.fillRect(x0, 0, Math.max(2 * ratio, x1 - x0), height);
    }
    g.fillStyle = colour;
    const columns = wave.min.length;
    const { from, to } = view.range(duration);
    const perSecond = columns / duration;
    const scale = (height / 2 - ratio) / wave.fullScale;
    for (let x = 0; x < width; x++) {
        const first = Math.floor((from + x / width * (to - from)) * perSecond);
        const last = Math.max(first + 1, Math.floor((from + (x + 1) / width * (to - from)) * perSecond));
        let lo = 0, hi = 0;
        for (let c = first; c < last && c < columns; c++) { if (wave.min[c] < lo) lo = wave.min[c]; if (wave.max[c] > hi) hi = wave.max[c]; }
        const top = mid - hi * scale, bottom = mid - lo * scale;
        g.fillRect(x, top, 1, Math.max(ratio, bottom - top));
    }
    const markers = state.markersOf(source);
    drawMarkers(g, markers, xOf, height, ratio);
    if (source.kind === 'mix') drawProblems(g, state.problemNotes, xOf, height, ratio);
    canvas.dataset.viewFrom = from.toFixed(3);
    canvas.dataset.viewTo = to.toFixed(3);
    canvas.dataset.drawn = 'peaks';
    canvas.dataset.markers = String(markers.length);
    canvas.dataset.problems = String(source.kind === 'mix' ? state.problemNotes.length : 0);
    row.wave = g.getImageData(0, 0, width, height);
}

/** Puts each row's kept picture back with the playhead at t seconds; the source heard gets the darker line. */
export function drawPlayheads(rowOf, state, t) {
    for (const source of state.sources) {
        const row = rowOf(source.key);
        const canvas = row?.querySelector('canvas');
        const duration = source.figures?.durationSeconds;
        if (!canvas || !row.wave || !duration) continue;
        const g = canvas.getContext('2d');
        g.putImageData(row.wave, 0, 0);
        const at = state.view.x(t, duration, canvas.width);
        if (at < 0 || at > canvas.width) continue;
        const x = Math.min(canvas.width - 1, at);
        g.fillStyle = source.key === state.activeKey ? '#212121' : 'rgba(33,33,33,0.35)';
        g.fillRect(x, 0, Math.max(1, window.devicePixelRatio || 1), canvas.height);
    }
}
