// The waveforms' zoom: which part of each source's length the rows show. One view for every row, as a zoom factor
// and an offset in fractions of a source's length, so sources of slightly different lengths stay lined up as at 1x.
// Everything drawn on a waveform (peaks, selection, comment markers, problem notes, playhead) and the pointer's time
// go through the same mapping, so they stay right at every zoom.

export const MAX_ZOOM = 32;

export class WaveView {
    constructor() {
        this.zoom = 1;
        this.offset = 0;            // start of the visible part, as a fraction of the length (0 … 1 − 1/zoom)
    }

    /** The visible range of a source of `duration` seconds: { from, to } in seconds. */
    range(duration) {
        const from = this.offset * duration;
        return { from, to: from + duration / this.zoom };
    }

    /** Where time t falls on a canvas `width` pixels wide (may lie outside 0 … width when t is out of view). */
    x(t, duration, width) {
        const { from, to } = this.range(duration);
        return (t - from) / (to - from) * width;
    }

    /** The time at pixel x of a canvas `width` pixels wide, within the source. */
    seconds(x, duration, width) {
        const { from, to } = this.range(duration);
        return Math.max(0, Math.min(duration, from + x / width * (to - from)));
    }

    /** Zooms by `factor` (2: in, 0.5: out) keeping the fraction `centre` of the length where it is on screen. */
    zoomBy(factor, centre) {
        const zoom = Math.max(1, Math.min(MAX_ZOOM, this.zoom * factor));
        const at = Math.max(0, Math.min(1, centre));
        const onScreen = (at - this.offset) * this.zoom;            // 0 … 1 across the canvas
        this.zoom = zoom;
        this.panTo(at - (onScreen >= 0 && onScreen <= 1 ? onScreen : 0.5) / zoom);
    }

    /** Moves the start of the view to `offset` (a fraction of the length), kept within the source. */
    panTo(offset) {
        this.offset = Math.max(0, Math.min(1 - 1 / this.zoom, offset));
    }

    /** Moves the view by `pages` of its own width (negative: back). */
    panBy(pages) {
        this.panTo(this.offset + pages / this.zoom);
    }

    /** Keeps the fraction `at` of the length in view (the playhead while playing): turns the page when it leaves. */
    follow(at) {
        if (this.zoom === 1) return false;
        if (at >= this.offset && at <= this.offset + 1 / this.zoom) return false;
        this.panTo(at - 0.1 / this.zoom);
        return true;
    }
}
