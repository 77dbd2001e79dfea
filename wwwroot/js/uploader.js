// Chunked, resumable uploads of mixes and references over plain HTTP (protocol: docs/UPLOADS.md).
// The file never passes through the Blazor circuit: this module reads it in slices, hashes it, sends
// the chunks itself and tells .NET only small, throttled progress messages.

import { loadScript } from './lib-loader.js';

const HASH_LIB = new URL('../lib/hash-wasm/sha256.umd.min.js', import.meta.url);
const HASH_SLICE_BYTES = 4 * 1024 * 1024;   // read and hash the file 4 MiB at a time: memory stays flat
const PARALLEL_CHUNKS = 3;                  // a few in flight hide the round trip without flooding the server
const MAX_ATTEMPTS = 12;                    // per chunk; with the back-off below that is several minutes offline
const REPORT_EVERY_MS = 250;                // progress messages to .NET at most 4 a second
const SPEED_WINDOW_MS = 5000;               // speed is measured over the last 5 s
const STORAGE_PREFIX = 'mp-upload:';
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
 * options: { projectId, trackId, kind: 'mix'|'reference'|'master'|'deliverable', referenceId?, revisionId?, deliverable?, parallel? }
 * dotnet: a DotNetObjectReference with UploadProgress, UploadCompleted, UploadFailed, UploadCancelled, UploadInterrupted.
 */
export function attach(zone, input, dotnet, options) {
    // The page moved on (a link followed at once) before the box was attached: there is nothing to attach to.
    if (!zone || !input) return null;
    let current = null;
    const start = file => {
        if (!file || current) return;
        current = new Upload(file, dotnet, options);
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
    else {
        const interrupted = findInterrupted(options);
        if (interrupted) dotnet.invokeMethodAsync('UploadInterrupted', interrupted.fileName);
    }

    return {
        cancel: () => current?.cancel(),
        dispose: () => {
            current?.stop();
            input.removeEventListener('change', onChange);
            zone.removeEventListener('dragover', onDragOver);
            zone.removeEventListener('dragleave', onDragLeave);
            zone.removeEventListener('drop', onDrop);
        },
    };
}

/** What the browser remembers to resume after a reload: the file's checksum and name, per project/track/kind/file. */
function storageKey(options, file) {
    return STORAGE_PREFIX + [options.projectId, options.trackId, options.kind, options.referenceId ?? options.deliverable ?? '',
        file.name, file.size, file.lastModified].join('|');
}

function findInterrupted(options) {
    const prefix = STORAGE_PREFIX + [options.projectId, options.trackId, options.kind, options.referenceId ?? options.deliverable ?? ''].join('|') + '|';
    try {
        for (let i = 0; i < localStorage.length; i++) {
            const key = localStorage.key(i);
            if (key?.startsWith(prefix)) return JSON.parse(localStorage.getItem(key));
        }
    } catch { /* storage disabled: resuming then needs the same file hashed again, which still works */ }
    return null;
}

function remember(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: no resume after reload */ }
}

function forget(key) {
    try { localStorage.removeItem(key); } catch { }
}

class Upload {
    constructor(file, dotnet, options) {
        this.file = file;
        this.dotnet = dotnet;
        this.options = options;
        this.key = storageKey(options, file);
        this.requests = new Set();
        this.stopped = false;
        this.cancelled = false;
        this.uploadId = null;
        this.lastReport = 0;
        this.samples = [];
    }

    async run() {
        busy(+1);
        try {
            const remembered = readRemembered(this.key);
            const sha256 = remembered?.sha256 ?? await this.hashFile();
            remember(this.key, { fileName: this.file.name, sha256 });
            this.token = await fetchToken();
            const status = await this.request('POST', `/api/projects/${this.options.projectId}/uploads`, JSON.stringify({
                kind: this.options.kind, trackId: this.options.trackId, referenceId: this.options.referenceId ?? null,
                revisionId: this.options.revisionId ?? null, deliverable: this.options.deliverable ?? null,
                fileName: this.file.name, sizeBytes: this.file.size, sha256, lastModified: this.file.lastModified,
            }), { 'Content-Type': 'application/json' });
            this.uploadId = status.uploadId;
            await this.sendChunks(status);
            this.report('verifying', 100, true);
            const done = await this.request('POST', `/api/uploads/${this.uploadId}/complete`, null);
            forget(this.key);
            busy(-1);
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
            busy(-1);
            if (this.cancelled || this.stopped) return;
            if (e instanceof UploadError && e.discarded) forget(this.key);
            await this.dotnet.invokeMethodAsync('UploadFailed', e instanceof UploadError ? e.message
                : 'Something went wrong in the browser while uploading. Please try again.').catch(() => location.reload());
        }
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
            this.report('checking', 100 * Math.min(this.file.size, offset + HASH_SLICE_BYTES) / this.file.size);
        }
        return hasher.digest('hex');
    }

    async sendChunks(status) {
        const { createSHA256 } = await loadHashLib();
        const chunkSize = status.chunkSizeBytes;
        const confirmed = new Set(status.receivedChunks);
        const pending = [];
        for (let i = 0; i < status.chunkCount; i++) if (!confirmed.has(i)) pending.push(i);
        this.confirmedBytes = status.receivedBytes;
        this.inFlight = new Map();
        this.report('uploading', this.percent(), true);

        const worker = async () => {
            const hasher = await createSHA256();
            while (pending.length > 0) {
                if (this.stopped) return;
                const index = pending.shift();
                const start = index * chunkSize;
                const bytes = new Uint8Array(await this.file.slice(start, Math.min(this.file.size, start + chunkSize)).arrayBuffer());
                hasher.init();
                hasher.update(bytes);
                await this.sendChunk(index, bytes, hasher.digest('hex'));
                this.inFlight.delete(index);
                this.confirmedBytes += bytes.length;
                this.report('uploading', this.percent());
            }
        };
        const workers = Array.from({ length: this.options.parallel ?? PARALLEL_CHUNKS }, worker);
        await Promise.all(workers);
        if (this.stopped) throw new UploadError('Stopped.');
    }

    /** One chunk, retried with exponential back-off (1 s, 2 s, 4 s … 30 s, with jitter) after a dropped connection or a damaged chunk. */
    async sendChunk(index, bytes, sha256) {
        for (let attempt = 1; ; attempt++) {
            try {
                await this.request('PUT', `/api/uploads/${this.uploadId}/chunks/${index}`, bytes,
                    { 'Content-Type': 'application/octet-stream', 'X-Chunk-Sha256': sha256 },
                    loaded => { this.inFlight.set(index, loaded); this.report('uploading', this.percent()); });
                return;
            } catch (e) {
                this.inFlight.delete(index);
                if (this.stopped || !e.retry || attempt >= MAX_ATTEMPTS) throw e;
                this.report('reconnecting', this.percent(), true);
                const delay = Math.min(30000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
                await new Promise(resolve => setTimeout(resolve, delay));
            }
        }
    }

    /** XMLHttpRequest rather than fetch: it reports upload progress within a chunk. Resolves to the JSON answer. */
    request(method, url, body, headers = {}, onProgress) {
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
            xhr.onerror = xhr.ontimeout = () => {
                this.requests.delete(xhr);
                const lost = new UploadError('The connection to the server was lost. Check your internet connection and choose the file again: the upload continues where it stopped.');
                lost.retry = true;
                reject(lost);
            };
            xhr.onabort = () => { this.requests.delete(xhr); reject(new UploadError('Stopped.')); };
            xhr.send(body);
        });
    }

    percent() {
        if (this.file.size === 0) return 100;
        let bytes = this.confirmedBytes;
        for (const loaded of this.inFlight.values()) bytes += loaded;
        return Math.min(100, 100 * bytes / this.file.size);
    }

    /** Throttled progress to .NET: phase, percent, speed over the last few seconds, and the time left at that speed. */
    report(phase, percent, force = false) {
        const now = performance.now();
        const sentBytes = this.file.size * percent / 100;
        if (phase === 'uploading') {
            this.samples.push([now, sentBytes]);
            while (this.samples.length > 2 && now - this.samples[0][0] > SPEED_WINDOW_MS) this.samples.shift();
        }
        if (!force && now - this.lastReport < REPORT_EVERY_MS) return;
        this.lastReport = now;
        let bytesPerSecond = 0;
        if (phase === 'uploading' && this.samples.length >= 2) {
            const [t0, b0] = this.samples[0];
            if (now - t0 > 200) bytesPerSecond = (sentBytes - b0) * 1000 / (now - t0);
        }
        const secondsLeft = bytesPerSecond > 0 ? (this.file.size - sentBytes) / bytesPerSecond : null;
        this.dotnet.invokeMethodAsync('UploadProgress', { phase, percent, bytesPerSecond, secondsLeft }).catch(() => { });
    }

    /** The user pressed cancel: stop sending and tell the server to throw the partial file away. */
    async cancel() {
        this.cancelled = true;
        this.stop();
        forget(this.key);
        if (this.uploadId) {
            try { await this.request('DELETE', `/api/uploads/${this.uploadId}`, null); } catch { /* cleaned up after a day anyway */ }
        }
        await this.dotnet.invokeMethodAsync('UploadCancelled').catch(() => { });
    }

    /** The page is going away: stop sending, keep what the server confirmed so a return resumes. */
    stop() {
        this.stopped = true;
        for (const xhr of this.requests) xhr.abort();
        this.requests.clear();
    }
}

function readRemembered(key) {
    try { return JSON.parse(localStorage.getItem(key) ?? 'null'); } catch { return null; }
}

async function fetchToken() {
    let response;
    try {
        response = await fetch('/api/uploads/antiforgery', { credentials: 'same-origin' });
    } catch {
        const lost = new UploadError('The server cannot be reached. Check your internet connection and try again.');
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
