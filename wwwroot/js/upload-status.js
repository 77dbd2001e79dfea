// What the musician sees while a file travels: a bar, one line of status and a Cancel button, drawn by the browser
// itself into an element the upload box leaves empty for it. Nothing here passes through the Blazor circuit, so the
// line stays true when the connection (and with it the circuit) is down: "Waiting for the connection…" at once.

const ESTIMATE_AFTER_MS = 3000;       // no time-left guess before 3 s of sending: the first seconds say little
const ESTIMATE_AFTER_FRACTION = 0.02; // ... and before 2 % of the file (or a whole chunk) has gone
const SPEED_WINDOW_MS = 5000;         // speed over the last 5 s
const SMOOTHING = 0.15;               // each new speed moves the shown one by 15 %: no minutes-to-seconds jumps

/** "42 MB/s", "850 kB/s": decimal units, as network speeds are quoted. */
export function speedText(bytesPerSecond) {
    return bytesPerSecond >= 1e6 ? `${Math.round(bytesPerSecond / 1e6)} MB/s` : `${Math.round(bytesPerSecond / 1e3)} kB/s`;
}

/** "12 s left", "2 min 5 s left", "1 h 6 min left". */
export function timeLeftText(seconds) {
    const s = Math.ceil(seconds);
    if (s < 60) return `${s} s left`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s left`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min left`;
}

/**
 * The speed and time left of one upload, measured over a sliding window and smoothed, so the first estimate comes
 * only once there is enough to go on and later ones drift rather than jump. reset() after an outage: the gap is not
 * part of the speed.
 */
export class RateEstimate {
    constructor(totalBytes) {
        this.totalBytes = totalBytes;
        this.reset();
    }

    reset() {
        this.samples = [];
        this.startedAt = null;
        this.startBytes = 0;
        this.smoothed = null;
    }

    /** Records that sentBytes of the file are on their way or arrived at time now (ms). */
    add(now, sentBytes) {
        if (this.startedAt === null) { this.startedAt = now; this.startBytes = sentBytes; }
        this.samples.push([now, sentBytes]);
        while (this.samples.length > 2 && now - this.samples[0][0] > SPEED_WINDOW_MS) this.samples.shift();
        const [t0, b0] = this.samples[0];
        if (now - t0 < 250) return;
        const speed = (sentBytes - b0) * 1000 / (now - t0);
        this.smoothed = this.smoothed === null ? speed : this.smoothed + SMOOTHING * (speed - this.smoothed);
    }

    /** { bytesPerSecond, secondsLeft } once there is enough data; null before. */
    current(now, sentBytes, chunkBytes) {
        if (this.startedAt === null || this.smoothed === null || this.smoothed <= 0) return null;
        const enough = Math.min(chunkBytes, this.totalBytes * ESTIMATE_AFTER_FRACTION);
        if (now - this.startedAt < ESTIMATE_AFTER_MS || sentBytes - this.startBytes < enough) return null;
        return { bytesPerSecond: this.smoothed, secondsLeft: (this.totalBytes - sentBytes) / this.smoothed };
    }
}

/**
 * The bar, the status line and Cancel inside `live` (an element the upload box renders empty and never touches),
 * plus classes on the box: `mp-upload--active` hides the previous upload's notice while a file travels.
 */
export class UploadStatusView {
    constructor(box, live, input, onCancel) {
        this.box = box;
        this.live = live;
        this.input = input;
        const doc = live.ownerDocument;
        this.bar = doc.createElement('div');
        this.bar.className = 'mp-upload__bar';
        this.bar.setAttribute('role', 'progressbar');
        this.bar.setAttribute('aria-label', 'Upload progress');
        this.bar.setAttribute('aria-valuemin', '0');
        this.bar.setAttribute('aria-valuemax', '100');
        this.bar.dataset.testid = 'upload-progress';
        this.fill = doc.createElement('div');
        this.fill.className = 'mp-upload__fill';
        this.bar.append(this.fill);
        const row = doc.createElement('div');
        row.className = 'mp-upload__row';
        this.line = doc.createElement('span');
        this.line.className = 'mp-upload__status';
        this.line.dataset.testid = 'upload-status';
        this.line.setAttribute('aria-live', 'polite');
        this.cancel = doc.createElement('button');
        this.cancel.type = 'button';
        this.cancel.className = 'mp-upload__cancel';
        this.cancel.textContent = 'Cancel';
        this.cancel.dataset.testid = 'upload-cancel';
        this.cancel.addEventListener('click', onCancel);
        row.append(this.line, this.cancel);
        this.live.replaceChildren(this.bar, row);
        this.box?.classList.add('mp-upload--active');
        this.input.disabled = true;
    }

    /** kind: 'progress' or 'warning' (offline, trying again): warnings in the warning colour, never the success green. */
    show(text, percent, kind = 'progress', indeterminate = false) {
        if (this.line.textContent !== text) this.line.textContent = text;
        this.line.dataset.kind = kind;
        this.bar.classList.toggle('mp-upload__bar--indeterminate', indeterminate);
        this.bar.classList.toggle('mp-upload__bar--waiting', kind === 'warning');
        const rounded = Math.round(percent);
        this.bar.setAttribute('aria-valuenow', String(rounded));
        this.fill.style.width = `${Math.max(0, Math.min(100, percent))}%`;
        this.cancel.disabled = indeterminate; // the server is checking the whole file: nothing left to cancel
    }

    /** The upload is over (stored, refused or cancelled): the box's own notice takes over. */
    close() {
        this.live.replaceChildren();
        this.box?.classList.remove('mp-upload--active');
        this.input.disabled = false;
    }
}
