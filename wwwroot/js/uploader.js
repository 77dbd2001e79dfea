// Chunked, resumable uploads of mixes and references over plain HTTP (protocol: docs/UPLOADS.md).
// The file never passes through the Blazor circuit: this module reads it in slices, hashes it, sends the chunks
// itself and draws its own progress (upload-status.js); .NET hears only how an upload ended.

import { loadScript } from './lib-loader.js';
import { RateEstimate, UploadStatusView, speedText, timeLeftText } from './upload-status.js';
import { announceInterrupted, forget, readRemembered, remember, rememberedKeys, storageKey } from './upload-resume.js';

const HASH_LIB = new URL('../lib/hash-wasm/sha256.umd.min.js', import.meta.url);
const HASH_SLICE_BYTES = 4 * 1024 * 1024;   // read and hash the file 4 MiB at a time: memory stays flat
const PARALLEL_CHUNKS = 3;                  // a few in flight hide the round trip without flooding the server
const MAX_ATTEMPTS = 12;                    // per chunk; with the back-off below that is several minutes offline
const REPORT_EVERY_MS = 250;                // the status line changes at most 4 times a second
const CIRCUIT_SILENCE_MS = 8000;            // no answer from the page's server process in this long: it has gone

/** hash-wasm's SHA-256 build (UMD, 18 kB): it sets globalThis.hashwasm. */
const loadHashLib = () => loadScript(HASH_LIB.href, 'hashwasm');

/** A refusal to show as it is: the server's sentence, or ours. */
class UploadError extends Error { }

// While a file is on its way, leaving or reloading the page asks first: the browser's own "Leave site?" question. That
// covers the reload Blazor makes when its server process has gone (several web processes behind a proxy): the upload
// carries on through the proxy to another process, and the page reloads itself once the file is in (see run()).
let uploading = 0;
const askBeforeLeaving = e => { e.preventDefault(); e.returnValue = ''; };
function busy(delta) {
    const before = uploading;
    uploading = Math.max(0, uploading + delta);
    if (before === 0 && uploading > 0) window.addEventListener('beforeunload', askBeforeLeaving);
    if (before > 0 && uploading === 0) window.removeEventListener('beforeunload', askBeforeLeaving);
}

/**
 * Wires a drop zone and a file input to uploads for one track. Returns a handle with cancel() and dispose().
 * options: { projectId, trackId, kind: 'mix'|'reference'|'master'|'deliverable'|'alternatemix'|'alternatemaster', referenceId?, revisionId?,
 *   deliverable?, alternate? ('instrumental'|'acappella'|'clean'|'tvmix', for an alternate's mix or master), parallel? }
 * dotnet: a DotNetObjectReference with UploadStarted, UploadCompleted, UploadFailed, UploadCancelled, UploadInterrupted.
 * live: an element the box leaves empty, where this module draws the bar, the status line and Cancel.
 */
export function attach(zone, input, dotnet, options, live) {
    // The page moved on (a link followed at once) before the box was attached: there is nothing to attach to.
    if (!zone || !input) return null;
    let current = null;
    let disposed = false;
    const start = file => {
        if (!file || current) return;
        current = new Upload(file, dotnet, options, live, zone.closest('.mp-upload'), input);
        current.run().finally(() => { current = null; input.value = ''; });
    };
    const onChange = () => start(input.files?.[0]);
    const onDragOver = e => { e.preventDefault(); zone.classList.add('mp-upload--over'); };
    const onDragLeave = () => zone.classList.remove('mp-upload--over');
    const onDrop = e => {
        e.preventDefault();
        zone.classList.remove('mp-upload--over');
        start(e.dataTransfer?.files?.[0]);
    };
    input.addEventListener('change', onChange);
    zone.addEventListener('dragover', onDragOver);
    zone.addEventListener('dragleave', onDragLeave);
    zone.addEventListener('drop', onDrop);

    // A file chosen while this script was still loading (the page is shown before it is interactive) is not lost.
    if (input.files?.length) start(input.files[0]);
    else announceInterrupted(options, dotnet, () => disposed || current !== null);

    return {
        cancel: () => current?.cancel(),
        dispose: () => {
            disposed = true;
            current?.stop();
            input.removeEventListener('change', onChange);
            zone.removeEventListener('dragover', onDragOver);
            zone.removeEventListener('dragleave', onDragLeave);
            zone.removeEventListener('drop', onDrop);
        },
    };
}

class Upload {
    constructor(file, dotnet, options, live, box, input) {
        this.file = file;
        this.dotnet = dotnet;
        this.options = options;
        this.key = storageKey(options, file);
        this.requests = new Set();
        this.stopped = false;
        this.cancelled = false;
        this.uploadId = null;
        this.lastReport = 0;
        this.confirmedBytes = 0;
        this.inFlight = new Map();
        this.chunkBytes = file.size;
        this.rate = new RateEstimate(file.size);
        this.offline = !navigator.onLine;
        this.wakers = new Set();
        this.view = new UploadStatusView(box, live, input, () => this.cancel());
        this.onOffline = () => this.wentOffline();
        this.onOnline = () => this.cameOnline();
    }

    async run() {
        busy(+1);
        window.addEventListener('offline', this.onOffline);
        window.addEventListener('online', this.onOnline);
        this.dotnet.invokeMethodAsync('UploadStarted').catch(() => { }); // best effort: the box hides the old notice itself
        try {
            const remembered = readRemembered(this.key);
            this.phase = 'checking';
            this.report(0, true); // at once, before the hashing library has even loaded
            const sha256 = remembered?.sha256 ?? await this.hashFile();
            remember(this.key, { fileName: this.file.name, sha256 });
            this.phase = 'starting';
            this.report(0, true);
            this.token = await this.retrying(() => fetchToken());
            const status = await this.retrying(() => this.request('POST', `/api/projects/${this.options.projectId}/uploads`, JSON.stringify({
                kind: this.options.kind, trackId: this.options.trackId, referenceId: this.options.referenceId ?? null,
                revisionId: this.options.revisionId ?? null, deliverable: this.options.deliverable ?? null, alternate: this.options.alternate ?? null,
                fileName: this.file.name, sizeBytes: this.file.size, sha256, lastModified: this.file.lastModified,
            }), { 'Content-Type': 'application/json' }));
            this.uploadId = status.uploadId;
            await this.sendChunks(status);
            this.phase = 'verifying';
            this.report(100, true);
            const done = await this.retrying(() => this.request('POST', `/api/uploads/${this.uploadId}/complete`, null));
            // Whatever the browser remembered for this place is done with: a later reload says nothing about it.
            for (const key of rememberedKeys(this.options)) forget(key);
            this.finish();
            try {
                // A call into a circuit whose process died may never settle: a few seconds' silence counts as gone.
                await Promise.race([this.dotnet.invokeMethodAsync('UploadCompleted', done.fileAssetId),
                    new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), CIRCUIT_SILENCE_MS))]);
            } catch {
                // The page's server process went away while the file travelled (the upload itself went through the
                // proxy to another one): the file is saved, so load the page afresh to show it.
                location.reload();
            }
        } catch (e) {
            this.finish();
            if (this.cancelled || this.stopped) return;
            if (e instanceof UploadError && e.discarded) forget(this.key);
            await this.dotnet.invokeMethodAsync('UploadFailed', e instanceof UploadError ? e.message
                : 'Something went wrong in the browser while uploading. Please try again.').catch(() => location.reload());
        }
    }

    finish() {
        this.closed = true;
        clearTimeout(this.trailing);
        busy(-1);
        window.removeEventListener('offline', this.onOffline);
        window.removeEventListener('online', this.onOnline);
        this.wakeAll();
        this.view.close();
    }

    /** SHA-256 of the whole file, 4 MiB at a time (crypto.subtle cannot hash incrementally). */
    async hashFile() {
        const { createSHA256 } = await loadHashLib();
        const hasher = await createSHA256();
        hasher.init();
        for (let offset = 0; offset < this.file.size; offset += HASH_SLICE_BYTES) {
            if (this.stopped) throw new UploadError('Stopped.');
            const slice = await this.file.slice(offset, offset + HASH_SLICE_BYTES).arrayBuffer();
            hasher.update(new Uint8Array(slice));
            this.report(100 * Math.min(this.file.size, offset + HASH_SLICE_BYTES) / this.file.size);
        }
        return hasher.digest('hex');
    }

    async sendChunks(status) {
        const { createSHA256 } = await loadHashLib();
        const chunkSize = status.chunkSizeBytes;
        this.chunkBytes = chunkSize;
        const confirmed = new Set(status.receivedChunks);
        const pending = [];
        for (let i = 0; i < status.chunkCount; i++) if (!confirmed.has(i)) pending.push(i);
        this.confirmedBytes = status.receivedBytes;
        this.inFlight = new Map();
        this.phase = 'uploading';
        this.report(this.percent(), true);

        const worker = async () => {
            const hasher = await createSHA256();
            while (pending.length > 0) {
                if (this.stopped) return;
                const index = pending.shift();
                const start = index * chunkSize;
                const bytes = new Uint8Array(await this.file.slice(start, Math.min(this.file.size, start + chunkSize)).arrayBuffer());
                hasher.init();
                hasher.update(bytes);
                const sha256 = hasher.digest('hex');
                await this.retrying(() => this.request('PUT', `/api/uploads/${this.uploadId}/chunks/${index}`, bytes,
                    { 'Content-Type': 'application/octet-stream', 'X-Chunk-Sha256': sha256 },
                    loaded => { this.inFlight.set(index, loaded); this.report(this.percent()); }),
                () => this.inFlight.delete(index));
                this.inFlight.delete(index);
                this.confirmedBytes += bytes.length;
                this.report(this.percent());
            }
        };
        const workers = Array.from({ length: this.options.parallel ?? PARALLEL_CHUNKS }, worker);
        await Promise.all(workers);
        if (this.stopped) throw new UploadError('Stopped.');
    }

    /**
     * Sends one request until it is answered: while the browser is offline it waits for the `online` event and sends
     * again the moment it comes; after a dropped connection, a 5xx or a problem with `retry` it backs off (1 s, 2 s,
     * 4 s … 30 s, with jitter, 12 attempts), a back-off the `online` event also cuts short.
     */
    async retrying(send, onFailure) {
        for (let attempt = 1; ; attempt++) {
            try {
                const answer = await send();
                if (this.waiting) { this.waiting = false; this.rate.reset(); this.report(this.percent(), true); }
                return answer;
            } catch (e) {
                onFailure?.();
                if (this.stopped || !e.retry) throw e;
                if (this.offline || !navigator.onLine) {
                    this.offline = true;
                    this.waitingForNetwork();
                    await this.untilWoken(null);
                    attempt = 0; // time offline is not a failed attempt
                    continue;
                }
                if (attempt >= MAX_ATTEMPTS) throw e;
                // A request that never reached the server: say so at once. A piece the server asks for again: quietly.
                if (e.network) this.waitingForNetwork();
                await this.untilWoken(Math.min(30000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5));
            }
        }
    }

    /** The browser says the network is gone: say so at once, and stop the requests on the way (they cannot arrive). */
    wentOffline() {
        this.offline = true;
        this.waitingForNetwork();
        for (const xhr of [...this.requests]) { xhr.lostToNetwork = true; xhr.abort(); }
    }

    /** The network is back: every request waiting goes again now, not at the end of its back-off. */
    cameOnline() {
        this.offline = false;
        if (this.waiting) {
            this.waiting = false;
            this.rate.reset();
            this.report(this.percent(), true);
        }
        this.wakeAll();
    }

    waitingForNetwork() {
        this.waiting = true;
        this.rate.reset(); // the outage is not part of the speed
        this.report(this.percent(), true);
    }

    /** Resolves after delayMs (never, when null) or at the next `online` event, whichever comes first. */
    untilWoken(delayMs) {
        return new Promise(resolve => {
            const wake = () => { clearTimeout(timer); this.wakers.delete(wake); resolve(); };
            const timer = delayMs === null ? undefined : setTimeout(wake, delayMs);
            this.wakers.add(wake);
        });
    }

    wakeAll() {
        for (const wake of [...this.wakers]) wake();
    }

    /** XMLHttpRequest rather than fetch: it reports upload progress within a chunk. Resolves to the JSON answer. */
    request(method, url, body, headers = {}, onProgress) {
        if (this.stopped) return Promise.reject(new UploadError('Stopped.'));
        return new Promise((resolve, reject) => {
            const xhr = new XMLHttpRequest();
            this.requests.add(xhr);
            xhr.open(method, url);
            xhr.setRequestHeader('RequestVerificationToken', this.token ?? '');
            for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
            xhr.responseType = 'json';
            if (onProgress) xhr.upload.onprogress = e => onProgress(e.loaded);
            xhr.onload = () => {
                this.requests.delete(xhr);
                if (xhr.status >= 200 && xhr.status < 300) { resolve(xhr.response); return; }
                reject(refusal(xhr.status, xhr.response));
            };
            const lost = () => {
                this.requests.delete(xhr);
                const error = new UploadError('The connection to the server was lost. Check your internet connection and choose the file again: the upload continues where it stopped.');
                error.retry = true;
                error.network = true;
                reject(error);
            };
            xhr.onerror = xhr.ontimeout = lost;
            xhr.onabort = () => {
                if (xhr.lostToNetwork && !this.stopped) { lost(); return; }
                this.requests.delete(xhr);
                reject(new UploadError('Stopped.'));
            };
            xhr.send(body);
        });
    }

    percent(bytes = this.confirmedBytes) {
        if (this.file.size === 0) return 100;
        for (const loaded of this.inFlight.values()) bytes += loaded;
        return Math.min(100, 100 * bytes / this.file.size);
    }

    /** The status line, drawn here in the browser at most four times a second (always when forced). */
    report(percent, force = false) {
        const now = performance.now();
        this.lastPercent = percent;
        if (this.phase === 'uploading' && !this.waiting) this.rate.add(now, this.file.size * percent / 100);
        if (!force && now - this.lastReport < REPORT_EVERY_MS) {
            // Drawn a moment later instead: the line never stays on a figure older than the last thing that happened.
            this.trailing ??= setTimeout(() => { this.trailing = null; if (!this.closed) this.report(this.phase === 'uploading' ? this.percent() : this.lastPercent, true); }, REPORT_EVERY_MS);
            return;
        }
        clearTimeout(this.trailing);
        this.trailing = null;
        this.lastReport = now;
        if (this.waiting) {
            const safe = Math.floor(100 * this.confirmedBytes / Math.max(1, this.file.size));
            this.view.show(`Waiting for the connection… ${safe} % is on the server; the rest follows by itself once you are back online.`,
                percent, 'warning');
            return;
        }
        switch (this.phase) {
            case 'checking':
                this.view.show(`Preparing (checking the file) ${Math.floor(percent)} %`, percent);
                break;
            case 'starting':
                this.view.show('Starting the upload…', 0);
                break;
            case 'verifying':
                this.view.show('Checking the file on the server…', 100, 'progress', true);
                break;
            default: {
                const estimate = this.rate.current(now, this.file.size * percent / 100, this.chunkBytes);
                this.view.show(estimate
                    ? `${Math.floor(percent)} % · ${speedText(estimate.bytesPerSecond)} · ${timeLeftText(estimate.secondsLeft)}`
                    : `${Math.floor(percent)} % · estimating the time left…`, percent);
            }
        }
    }

    /** The user pressed cancel: stop sending and tell the server to throw the partial file away. */
    async cancel() {
        if (this.cancelled) return;
        this.cancelled = true;
        this.stop();
        forget(this.key);
        if (this.uploadId) {
            this.stopped = false; // only long enough to send the one request that deletes the partial file
            const deleting = this.request('DELETE', `/api/uploads/${this.uploadId}`, null);
            this.stopped = true;
            try {
                await deleting;
            } catch (e) {
                // Cancelled while offline: the partial file would otherwise wait a day on the server, and a reload would
                // still call it interrupted. Sent once more when the network is back (the server deletes it after a day anyway).
                if (e.network) window.addEventListener('online', () => {
                    fetch(`/api/uploads/${this.uploadId}`, { method: 'DELETE', credentials: 'same-origin',
                        headers: { RequestVerificationToken: this.token ?? '' } }).catch(() => { });
                }, { once: true });
            }
        }
        await this.dotnet.invokeMethodAsync('UploadCancelled').catch(() => { });
    }

    /** The page is going away: stop sending, keep what the server confirmed so a return resumes. */
    stop() {
        this.stopped = true;
        for (const xhr of [...this.requests]) xhr.abort();
        this.requests.clear();
        this.wakeAll();
    }
}

async function fetchToken() {
    let response;
    try {
        response = await fetch('/api/uploads/antiforgery', { credentials: 'same-origin' });
    } catch {
        const lost = new UploadError('The server cannot be reached. Check your internet connection and try again.');
        lost.retry = lost.network = true;
        throw lost;
    }
    if (response.status === 401) throw new UploadError('You have been signed out. Please sign in again and choose the file again.');
    if (!response.ok) throw new UploadError('The server did not accept the upload just now. Please try again in a moment.');
    return (await response.json()).token;
}

/** The server's ProblemDetails as an UploadError: its detail sentence, and whether sending again can help. */
function refusal(status, problem) {
    const detail = problem?.detail;
    const error = new UploadError(detail ?? (status === 401
        ? 'You have been signed out. Please sign in again and choose the file again.'
        : `The server refused the upload (status ${status}). Please try again.`));
    error.retry = problem?.retry === true || status >= 500 || status === 408 || status === 0;
    error.discarded = status === 422 && problem?.retry !== true; // the server threw the file away: start from scratch next time
    if (status === 404) error.discarded = true;
    return error;
}
