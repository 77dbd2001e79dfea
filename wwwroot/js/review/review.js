// The review page's listening and seeing half (docs/REVIEW.md): a loudness-matched A/B player over the mix,
// the revisions and the references; a waveform per source drawn from the server's precomputed peaks (never by
// decoding audio here) with the comments as markers; short-term loudness and spectra overlaid with uPlot; the
// numbers and what each platform's normalization does. Everything updates live from the review hub.
// Comments, requests for changes and approval are the Blazor half; this module tells it what the listener
// selected and when something changed.

import { loadScript, loadStyle } from '../lib-loader.js';

const SIGNALR = '../lib/signalr/signalr.min.js';
const UPLOT = '../lib/uplot/uPlot.iife.min.js';
const UPLOT_CSS = '../lib/uplot/uPlot.min.css';
const RECONNECT_DELAYS = [0, 1000, 2000, 5000, 10000, 10000, 30000];
const RESTART_AFTER_MS = 5000;       // after the automatic reconnects give up, keep trying at this pace
const RAMP_SECONDS = 0.008;          // a switch fades over 8 ms: instant to the ear, without a click
const DRIFT_SECONDS = 0.04;          // the muted partner is re-aligned when it drifts further than this
const DRAG_PIXELS = 4;               // a press that moves less than this is a click, not a range
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];

/** Timings for the latency benchmark (bench/review): when the server finished a change and when it was drawn. */
globalThis.__reviewTimings ??= [];

/**
 * Starts the review of one track inside root. options: { projectId, trackId, stateUrl }.
 * dotnet: DotNetObjectReference with OnSelection(revisionId, label, start, end) and OnChanged(kind).
 * Returns a handle with seek(key, seconds), select(key) and dispose().
 */
export async function start(root, options, dotnet) {
    const review = new Review(root, options, dotnet);
    root.__review = review;   // for the browser tests' look at the live connection (and a console user's)
    await review.start();
    return {
        seek: (key, seconds) => review.seekTo(key, seconds),
        select: key => review.switchTo(key),
        refresh: () => review.refresh(),
        dispose: () => review.dispose(),
    };
}

class Review {
    constructor(root, options, dotnet) {
        this.root = root;
        this.options = options;
        this.dotnet = dotnet;
        this.sources = [];          // as the server sent them, in display order
        this.comments = [];
        this.players = new Map();   // key → { audio, gain, node }
        this.activeKey = null;
        this.partnerKey = null;     // the source switched from last: kept playing, muted, for instant A/B
        this.playing = false;
        this.matched = true;
        this.loop = false;
        this.selection = null;      // { key, start, end|null }
        this.disposed = false;
        this.listeners = [];
        this.charts = {};
    }

    async start() {
        this.renderFrame();
        loadStyle(UPLOT_CSS);
        try {
            await Promise.all([loadScript(SIGNALR, 'signalR'), loadScript(UPLOT, 'uPlot')]);
        } catch (e) {
            this.showError(e.message);
            return;
        }
        await this.refresh();
        this.connect();
        this.on(document, 'keydown', e => this.onKey(e));
        this.on(window, 'resize', () => this.drawAll());
        // The charts follow their boxes' width (a scroll bar appearing, a panel opening), not only the window's.
        this.resizes = new ResizeObserver(() => { clearTimeout(this.resizeTimer); this.resizeTimer = setTimeout(() => this.drawCharts(), 100); });
        for (const host of [this.charts.loudness, this.charts.spectrum]) if (host) this.resizes.observe(host);
        this.tick = this.tick.bind(this);
        this.frame = requestAnimationFrame(this.tick);
    }

    on(target, event, handler, options) {
        target.addEventListener(event, handler, options);
        this.listeners.push(() => target.removeEventListener(event, handler, options));
    }

    // ---- data --------------------------------------------------------------------------------------------

    async refresh() {
        let response;
        try {
            response = await fetch(this.options.stateUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        } catch {
            this.showError('The review could not be loaded: the connection to the studio was lost. It will load again when the connection is back.');
            return;
        }
        if (!response.ok) {
            const problem = await response.json().catch(() => null);
            this.showError(problem?.detail ?? 'The review could not be loaded. Please reload the page.');
            return;
        }
        const state = await response.json();
        this.clearError();
        this.status = state.status;
        this.sources = state.sources;
        this.comments = state.comments;
        if (!this.sources.some(s => s.key === this.activeKey)) {
            const latest = [...this.sources].reverse().find(s => s.kind === 'revision' && s.audioUrl);
            this.activeKey = (latest ?? this.sources.find(s => s.audioUrl) ?? this.sources[0])?.key ?? null;
        }
        this.renderSources();
        this.drawAll();
    }

    upsertSource(source) {
        if (source.trackId !== this.options.trackId) return false;
        const at = this.sources.findIndex(s => s.key === source.key);
        if (at >= 0) this.sources[at] = source;
        else this.sources.push(source);
        const rank = s => s.kind === 'mix' ? 0 : s.kind === 'revision' ? 1 : 2;
        this.sources.sort((a, b) => rank(a) - rank(b) || (a.revisionNumber ?? 0) - (b.revisionNumber ?? 0));
        const player = this.players.get(source.key);
        if (player && player.url !== source.audioUrl) this.dropPlayer(source.key);
        return true;
    }

    upsertComment(comment) {
        if (!this.sources.some(s => s.revisionId === comment.revisionId)) return false;
        const at = this.comments.findIndex(c => c.id === comment.id);
        if (at >= 0) this.comments[at] = comment;
        else this.comments.push(comment);
        return true;
    }

    // ---- the hub -----------------------------------------------------------------------------------------

    connect() {
        const signalR = globalThis.signalR;
        this.connection = new signalR.HubConnectionBuilder()
            .withUrl('/hubs/review')
            .withAutomaticReconnect(RECONNECT_DELAYS)
            .configureLogging(signalR.LogLevel.Warning)
            .build();
        const c = this.connection;
        c.on('Source', (source, finishedAt) => {
            if (!this.upsertSource(source)) return;
            this.renderSources();
            this.drawAll();
            requestAnimationFrame(() => globalThis.__reviewTimings.push({ key: source.key, state: source.state, finishedAt, drawnAt: Date.now() }));
            this.changed('source');
        });
        c.on('RenderProgress', progress => {
            const source = this.sources.find(s => s.revisionId === progress.revisionId);
            if (!source) { this.refreshSoon(); return; }
            if (progress.state === 'Queued' || progress.state === 'Running') {
                source.state = 'rendering';
                source.progressPercent = progress.progressPercent;
                this.renderSourceStatus(source);
            }
        });
        c.on('Comment', comment => {
            if (!this.upsertComment(comment)) return;
            this.drawAll();
            this.changed('comment');
        });
        c.on('Project', change => {
            this.status = change.status;
            // A payment changes what the client hears (the master instead of the preview): read the sources again.
            this.refreshSoon();
            this.changed('project');
        });
        c.onreconnecting(() => this.setLive('reconnecting'));
        c.onreconnected(async () => {
            await this.join();
            await this.refresh();        // what was pushed while the connection was down
            this.changed('reconnected');
        });
        c.onclose(error => {
            if (this.disposed) return;
            if (error) console.warn('review: live connection closed', error);
            this.setLive('offline');
            this.restartTimer = setTimeout(() => this.startConnection(), RESTART_AFTER_MS);
        });
        this.startConnection(true);
    }

    async startConnection(first = false) {
        if (this.disposed) return;
        try {
            await this.connection.start();
            await this.join();
            if (!first) { await this.refresh(); this.changed('reconnected'); }
        } catch (e) {
            if (this.disposed) return;
            console.warn('review: live connection could not start', e);
            this.setLive('offline');
            this.restartTimer = setTimeout(() => this.startConnection(), RESTART_AFTER_MS);
        }
    }

    async join() {
        try {
            await this.connection.invoke('Join', this.options.projectId);
            this.setLive('live');
        } catch (e) {
            console.warn('review: joining the project was refused', e);
            this.setLive('refused');
            this.showError('Live updates are not available for this project.');
        }
    }

    refreshSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 250);
    }

    changed(kind) {
        this.dotnet?.invokeMethodAsync('OnChanged', kind).catch(() => { });
    }

    setLive(state) {
        const badge = this.root.querySelector('[data-testid=review-live]');
        if (!badge) return;
        const text = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline – retrying', refused: 'Not live' }[state];
        badge.textContent = text;
        badge.dataset.state = state;
        badge.title = `Live updates: ${text.toLowerCase()} (since ${new Date().toLocaleTimeString()})`;
    }

    // ---- the frame and the source rows -------------------------------------------------------------------

    renderFrame() {
        this.root.innerHTML = `
            <div class="rv-error" data-testid="review-error" hidden></div>
            <div class="rv-transport">
                <button type="button" class="rv-play" data-testid="review-play" aria-label="Play">▶</button>
                <span class="rv-time" data-testid="review-time">0:00</span>
                <label class="rv-toggle"><input type="checkbox" data-testid="review-match" checked> Loudness-matched</label>
                <label class="rv-toggle"><input type="checkbox" data-testid="review-loop"> Loop selection</label>
                <span class="rv-live" data-testid="review-live" data-state="connecting">Connecting…</span>
            </div>
            <div class="rv-sources" data-testid="review-sources"></div>
            <p class="rv-help">Keys: <kbd>Space</kbd> play/pause · <kbd>1</kbd>–<kbd>9</kbd> choose a source · <kbd>X</kbd> back to the last one ·
               <kbd>L</kbd> loop · <kbd>M</kbd> matched/true levels · <kbd>←</kbd>/<kbd>→</kbd> 5 s. Click a revision's waveform to comment
               at that moment; drag across it to comment on (or loop) a passage.</p>`;
        const q = sel => this.root.querySelector(sel);
        this.on(q('[data-testid=review-play]'), 'click', () => this.togglePlay());
        this.on(q('[data-testid=review-match]'), 'change', e => { this.matched = e.target.checked; this.applyGains(); this.renderGains(); });
        this.on(q('[data-testid=review-loop]'), 'change', e => { this.loop = e.target.checked; });
        this.charts.loudness = document.getElementById(this.options.loudnessId);
        this.charts.spectrum = document.getElementById(this.options.spectrumId);
        this.charts.numbers = document.getElementById(this.options.numbersId);
    }

    renderSources() {
        const list = this.root.querySelector('[data-testid=review-sources]');
        const keep = new Set(this.sources.map(s => s.key));
        for (const row of [...list.children]) if (!keep.has(row.dataset.key)) row.remove();
        this.sources.forEach((source, index) => {
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
                this.on(row.querySelector('.rv-pick'), 'click', () => this.switchTo(row.dataset.key));
                this.wireWaveform(row.querySelector('canvas'), row.dataset.key);
            }
            list.appendChild(row);      // keeps the rows in the sources' order
            row.dataset.kind = source.kind;
            row.dataset.state = source.state;
            row.dataset.revision = source.revisionNumber ?? '';
            row.style.setProperty('--rv-colour', this.colourOf(source.key));
            row.querySelector('kbd').textContent = index < 9 ? String(index + 1) : '';
            row.querySelector('.rv-label').textContent = source.label + (source.approved ? ' ✓ approved' : '');
            const f = source.figures;
            row.querySelector('.rv-figures').textContent = f
                ? `${fmt(f.integratedLufs, 1, ' LUFS')} · ${fmt(f.truePeakDbtp, 1, ' dBTP')} · LRA ${fmt(f.loudnessRangeLu, 1, ' LU')}`
                : '';
            this.renderSourceStatus(source, row);
        });
        this.renderGains();
        this.renderActive();
    }

    renderSourceStatus(source, row = this.rowOf(source.key)) {
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

    colourOf(key) {
        const index = this.sources.findIndex(s => s.key === key);
        return PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
    }

    renderActive() {
        for (const row of this.root.querySelectorAll('.rv-source')) {
            const active = row.dataset.key === this.activeKey;
            row.classList.toggle('rv-active', active);
            row.setAttribute('aria-current', active ? 'true' : 'false');
        }
        this.renderPlatforms();
    }

    // ---- loudness matching -------------------------------------------------------------------------------

    /** Each source's gain in dB: matched, every source is brought down to the quietest one's loudness (never up). */
    gainDb(source) {
        if (!this.matched || source.figures?.integratedLufs == null) return 0;
        const levels = this.sources.map(s => s.figures?.integratedLufs).filter(v => v != null);
        return Math.min(...levels) - source.figures.integratedLufs;
    }

    renderGains() {
        for (const source of this.sources) {
            const row = this.rowOf(source.key);
            if (!row) continue;
            const gain = this.gainDb(source);
            row.querySelector('.rv-gain').textContent = this.matched && source.figures?.integratedLufs != null
                ? `${gain <= -0.05 ? '−' + Math.abs(gain).toFixed(1) : '0.0'} dB` : '';
            row.querySelector('.rv-gain').title = this.matched ? 'Played at this gain so that every source is equally loud' : '';
        }
    }

    applyGains() {
        for (const [key, player] of this.players) this.setGain(player, key === this.activeKey ? this.linearGain(key) : 0, true);
    }

    linearGain(key) {
        const source = this.sources.find(s => s.key === key);
        return source ? Math.pow(10, this.gainDb(source) / 20) : 1;
    }

    // ---- audio -------------------------------------------------------------------------------------------

    ensureContext() {
        if (this.context || this.noWebAudio) return this.context;
        try {
            this.context = new AudioContext({ latencyHint: 'interactive' });
        } catch {
            this.noWebAudio = true;   // element volume instead (every matched gain is at most 0 dB, so it fits)
        }
        return this.context;
    }

    playerOf(key) {
        if (this.players.has(key)) return this.players.get(key);
        const source = this.sources.find(s => s.key === key);
        if (!source?.audioUrl) return null;
        const audio = new Audio();
        audio.preload = 'auto';
        audio.src = source.audioUrl;
        audio.setAttribute('data-key', key);
        const player = { audio, url: source.audioUrl, gain: null };
        const context = this.ensureContext();
        if (context) {
            const node = context.createMediaElementSource(audio);
            player.gain = context.createGain();
            player.gain.gain.value = 0;
            node.connect(player.gain).connect(context.destination);
        } else {
            audio.volume = 0;
        }
        audio.addEventListener('ended', () => { if (key === this.activeKey && !this.loop) this.pause(); });
        audio.addEventListener('error', () => {
            if (key !== this.activeKey) return;
            this.pause();
            this.showError(`"${source.label}" could not be played. If this keeps happening, reload the page.`);
        });
        this.players.set(key, player);
        return player;
    }

    dropPlayer(key) {
        const player = this.players.get(key);
        if (!player) return;
        player.audio.pause();
        player.audio.removeAttribute('src');
        player.audio.load();
        player.gain?.disconnect();
        this.players.delete(key);
    }

    setGain(player, value, ramp) {
        if (player.gain) {
            const now = this.context.currentTime;
            player.gain.gain.cancelScheduledValues(now);
            if (ramp) {
                player.gain.gain.setValueAtTime(player.gain.gain.value, now);
                player.gain.gain.linearRampToValueAtTime(value, now + RAMP_SECONDS);
            } else {
                player.gain.gain.setValueAtTime(value, now);
            }
        } else {
            player.audio.volume = Math.max(0, Math.min(1, value));
        }
    }

    get position() {
        const active = this.players.get(this.activeKey);
        return active ? active.audio.currentTime : (this.pausedAt ?? 0);
    }

    async togglePlay() {
        if (this.playing) this.pause();
        else await this.play();
    }

    async play() {
        const player = this.playerOf(this.activeKey);
        if (!player) {
            this.showError('There is nothing to hear for this source yet.');
            return;
        }
        this.clearError();
        await this.context?.resume();
        const at = this.pausedAt ?? player.audio.currentTime;
        for (const key of [this.activeKey, this.partnerKey]) {
            const p = key && this.playerOf(key);
            if (!p) continue;
            if (Math.abs(p.audio.currentTime - at) > DRIFT_SECONDS) p.audio.currentTime = at;
            this.setGain(p, key === this.activeKey ? this.linearGain(key) : 0, false);
            p.audio.play().catch(() => { });
        }
        this.playing = true;
        this.pausedAt = null;
        this.root.querySelector('[data-testid=review-play]').textContent = '❚❚';
        this.root.querySelector('[data-testid=review-play]').setAttribute('aria-label', 'Pause');
    }

    pause() {
        this.pausedAt = this.position;
        for (const player of this.players.values()) player.audio.pause();
        this.playing = false;
        this.root.querySelector('[data-testid=review-play]').textContent = '▶';
        this.root.querySelector('[data-testid=review-play]').setAttribute('aria-label', 'Play');
    }

    /** Switches what is heard at the same moment: the new source fades in as the old fades out, over a few ms. */
    switchTo(key) {
        if (!key || key === this.activeKey) return;
        const source = this.sources.find(s => s.key === key);
        if (!source) return;
        const at = this.position;
        const old = this.activeKey;
        this.activeKey = key;
        if (old) this.partnerKey = old;
        const next = this.playerOf(key);
        if (this.playing && next) {
            if (Math.abs(next.audio.currentTime - at) > DRIFT_SECONDS) next.audio.currentTime = at;
            next.audio.play().catch(() => { });
            this.setGain(next, this.linearGain(key), true);
            const previous = this.players.get(old);
            if (previous) this.setGain(previous, 0, true);
            // Only the new pair keeps playing: the rest stop and release their streams' work.
            for (const [k, p] of this.players) if (k !== key && k !== this.partnerKey) p.audio.pause();
        } else {
            this.pausedAt = at;
            if (next) next.audio.currentTime = at;
            if (this.playing && !next) {
                this.pause();
                this.showError(source.audioNote ?? 'There is nothing to hear for this source yet.');
            }
        }
        this.renderActive();
        this.drawAll();
    }

    seekTo(key, seconds) {
        if (key && key !== this.activeKey) this.switchTo(key);
        for (const [k, p] of this.players) if (k === this.activeKey || k === this.partnerKey) p.audio.currentTime = seconds;
        this.pausedAt = this.playing ? null : seconds;
        this.drawAll();
    }

    /** Keeps the muted partner aligned with what is heard, loops the selection, and moves the playheads. */
    tick() {
        if (this.disposed) return;
        const t = this.position;
        if (this.playing) {
            const partner = this.players.get(this.partnerKey);
            if (partner && !partner.audio.paused && Math.abs(partner.audio.currentTime - t) > DRIFT_SECONDS) partner.audio.currentTime = t;
            if (this.loop && this.selection?.end != null && (t >= this.selection.end || t < this.selection.start - 0.25))
                this.seekTo(null, this.selection.start);
        }
        const time = this.root.querySelector('[data-testid=review-time]');
        const duration = this.sources.find(s => s.key === this.activeKey)?.figures?.durationSeconds;
        const text = duration ? `${clock(t)} / ${clock(duration)}` : clock(t);
        if (time.textContent !== text) time.textContent = text;
        if (this.playing || this.lastDrawnAt !== t) this.drawPlayheads(t);
        this.frame = requestAnimationFrame(this.tick);
    }

    onKey(e) {
        if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
        const target = e.target;
        if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
        const key = e.key;
        if (key === ' ') { e.preventDefault(); this.togglePlay(); }
        else if (/^[1-9]$/.test(key)) { const s = this.sources[Number(key) - 1]; if (s) { e.preventDefault(); this.switchTo(s.key); } }
        else if (key === 'x' || key === 'X') { if (this.partnerKey) { e.preventDefault(); this.switchTo(this.partnerKey); } }
        else if (key === 'l' || key === 'L') { const box = this.root.querySelector('[data-testid=review-loop]'); box.checked = !box.checked; this.loop = box.checked; }
        else if (key === 'm' || key === 'M') { const box = this.root.querySelector('[data-testid=review-match]'); box.checked = !box.checked; this.matched = box.checked; this.applyGains(); this.renderGains(); }
        else if (key === 'ArrowLeft' || key === 'ArrowRight') { e.preventDefault(); this.seekTo(null, Math.max(0, this.position + (key === 'ArrowLeft' ? -5 : 5))); }
    }

    // ---- waveforms ---------------------------------------------------------------------------------------

    wireWaveform(canvas, key) {
        let down = null;
        const seconds = x => {
            const source = this.sources.find(s => s.key === key);
            const duration = source?.figures?.durationSeconds ?? 0;
            const rect = canvas.getBoundingClientRect();
            return Math.max(0, Math.min(duration, (x - rect.left) / rect.width * duration));
        };
        this.on(canvas, 'pointerdown', e => {
            down = { x: e.clientX, t: seconds(e.clientX) };
            canvas.setPointerCapture(e.pointerId);
        });
        this.on(canvas, 'pointermove', e => {
            if (!down || Math.abs(e.clientX - down.x) < DRAG_PIXELS) return;
            const t = seconds(e.clientX);
            this.selection = { key, start: Math.min(down.t, t), end: Math.max(down.t, t) };
            this.drawAll();
        });
        this.on(canvas, 'pointerup', e => {
            if (!down) return;
            const dragged = Math.abs(e.clientX - down.x) >= DRAG_PIXELS;
            const t = seconds(e.clientX);
            this.selection = dragged ? { key, start: Math.min(down.t, t), end: Math.max(down.t, t) } : { key, start: down.t, end: null };
            down = null;
            this.switchTo(key);
            this.seekTo(key, this.selection.start);
            const source = this.sources.find(s => s.key === key);
            this.dotnet?.invokeMethodAsync('OnSelection', source?.revisionId ?? null, source?.label ?? '', this.selection.start, this.selection.end)
                .catch(() => { });
        });
        this.on(canvas, 'pointercancel', () => { down = null; });
    }

    drawAll() {
        for (const source of this.sources) this.drawWaveform(source);
        this.drawPlayheads(this.position);
        this.drawCharts();
        this.renderNumbers();
        this.renderPlatforms();
    }

    drawWaveform(source) {
        const row = this.rowOf(source.key);
        const canvas = row?.querySelector('canvas');
        if (!canvas) return;
        const ratio = window.devicePixelRatio || 1;
        const width = Math.max(100, Math.round(canvas.clientWidth * ratio));
        const height = Math.round(64 * ratio);
        if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
        const g = canvas.getContext('2d');
        g.clearRect(0, 0, width, height);
        const wave = source.figures?.waveform;
        const duration = source.figures?.durationSeconds ?? 0;
        const mid = height / 2;
        if (!wave || !duration) {
            g.fillStyle = '#9e9e9e';
            g.fillRect(0, mid, width, Math.max(1, ratio));
            canvas.dataset.drawn = 'empty';
            return;
        }
        const colour = this.colourOf(source.key);
        // Selection under the wave.
        if (this.selection?.key === source.key) {
            const x0 = this.selection.start / duration * width;
            const x1 = this.selection.end != null ? this.selection.end / duration * width : x0 + 2 * ratio;
            g.fillStyle = 'rgba(255, 193, 7, 0.35)';
            g.fillRect(x0, 0, Math.max(2 * ratio, x1 - x0), height);
        }
        g.fillStyle = colour;
        const columns = wave.min.length;
        const perPixel = columns / width;
        const scale = (height / 2 - ratio) / wave.fullScale;
        for (let x = 0; x < width; x++) {
            const from = Math.floor(x * perPixel);
            const to = Math.max(from + 1, Math.floor((x + 1) * perPixel));
            let lo = 0, hi = 0;
            for (let c = from; c < to && c < columns; c++) { if (wave.min[c] < lo) lo = wave.min[c]; if (wave.max[c] > hi) hi = wave.max[c]; }
            const top = mid - hi * scale, bottom = mid - lo * scale;
            g.fillRect(x, top, 1, Math.max(ratio, bottom - top));
        }
        // Comments as markers: a flag at the start, a band over a range; resolved ones greyed.
        for (const comment of this.comments) {
            if (comment.parentId || comment.revisionId !== source.revisionId) continue;
            const x0 = comment.startSeconds / duration * width;
            g.fillStyle = comment.resolved ? 'rgba(120,120,120,0.25)' : 'rgba(211, 47, 47, 0.18)';
            if (comment.endSeconds != null) g.fillRect(x0, 0, Math.max(ratio, (comment.endSeconds - comment.startSeconds) / duration * width), height);
            g.fillStyle = comment.resolved ? '#9e9e9e' : '#d32f2f';
            g.fillRect(x0, 0, 2 * ratio, height);
            g.beginPath();
            g.moveTo(x0, 0); g.lineTo(x0 + 8 * ratio, 0); g.lineTo(x0 + 2 * ratio, 8 * ratio); g.closePath(); g.fill();
        }
        canvas.dataset.drawn = 'peaks';
        canvas.dataset.markers = String(this.comments.filter(c => !c.parentId && c.revisionId === source.revisionId).length);
        row.wave = g.getImageData(0, 0, width, height);
    }

    drawPlayheads(t) {
        this.lastDrawnAt = t;
        for (const source of this.sources) {
            const row = this.rowOf(source.key);
            const canvas = row?.querySelector('canvas');
            const duration = source.figures?.durationSeconds;
            if (!canvas || !row.wave || !duration) continue;
            const g = canvas.getContext('2d');
            g.putImageData(row.wave, 0, 0);
            const x = Math.min(canvas.width - 1, t / duration * canvas.width);
            g.fillStyle = source.key === this.activeKey ? '#212121' : 'rgba(33,33,33,0.35)';
            g.fillRect(x, 0, Math.max(1, window.devicePixelRatio || 1), canvas.height);
        }
    }

    // ---- charts and numbers ------------------------------------------------------------------------------

    drawCharts() {
        const uPlot = globalThis.uPlot;
        if (!uPlot) return;
        const measured = this.sources.filter(s => s.figures);
        this.drawChart('loudness', measured, uPlot, {
            tables: measured.map(s => [s.figures.loudness.seconds, s.figures.loudness.lufs]),
            x: { label: 'Time', incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200], values: (u, ticks) => ticks.map(t => t == null ? '' : clock(t)) },
            y: { label: 'Short-term loudness (LUFS)' },
            distr: 1,
        });
        this.drawChart('spectrum', measured, uPlot, {
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

    drawChart(name, sources, uPlot, spec) {
        const host = this.charts[name];
        if (!host) return;
        const signature = sources.map(s => s.key + ':' + (s.figures?.integratedLufs ?? '')).join('|') + '|' + host.clientWidth;
        if (host.dataset.signature === signature) return;
        host.dataset.signature = signature;
        this.charts[name + 'Plot']?.destroy();
        host.innerHTML = '';
        if (sources.length === 0) {
            host.textContent = 'Nothing measured yet.';
            return;
        }
        const data = uPlot.join(spec.tables.map(([x, y]) => [x, y.map(v => v ?? null)]));
        const width = Math.max(240, host.clientWidth || 600);
        this.charts[name + 'Plot'] = new uPlot({
            width, height: width < 500 ? 200 : 240,
            scales: { x: spec.distr === 3 ? { time: false, distr: 3, log: 10, range: [20, 20000] } : { time: false } },
            axes: [
                { label: spec.x.label, values: spec.x.values, splits: spec.x.splits, incrs: spec.x.incrs, size: 40 },
                { label: spec.y.label, size: 56 },
            ],
            series: [{}, ...sources.map(s => ({ label: s.label, stroke: this.colourOf(s.key), width: 1.5, spanGaps: false, points: { show: false } }))],
            legend: { live: false },
            cursor: { drag: { x: false, y: false } },
        }, data, host);
        host.setAttribute('data-series', String(sources.length));
    }

    renderNumbers() {
        const host = this.charts.numbers;
        if (!host) return;
        const platforms = [...new Set(this.sources.flatMap(s => s.figures?.platforms ?? []).map(p => p.platform))];
        const rows = this.sources.map(s => {
            const f = s.figures;
            const cells = f
                ? [fmt(f.integratedLufs, 1, ' LUFS'), fmt(f.loudnessRangeLu, 1, ' LU'), fmt(f.truePeakDbtp, 1, ' dBTP'), fmt(f.peakToLoudnessRatioDb, 1, ' dB'),
                   ...platforms.map(name => { const p = f.platforms.find(x => x.platform === name); return p ? `<span title="${escapeHtml(p.sentence)}">${signed(p.gainDb)} dB</span>` : '–'; })]
                : [s.state === 'rendering' ? 'rendering…' : 'measuring…', '', '', '', ...platforms.map(() => '')];
            return `<tr data-testid="review-numbers-row" data-key="${escapeHtml(s.key)}"><th scope="row"><span class="rv-swatch" style="background:${this.colourOf(s.key)}"></span>${escapeHtml(s.label)}</th>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`;
        }).join('');
        host.innerHTML = `<div class="rv-table-scroll"><table class="rv-numbers" data-testid="review-numbers">
            <thead><tr><th scope="col">Source</th><th scope="col">Integrated</th><th scope="col">Range</th><th scope="col">True peak</th><th scope="col">PLR</th>
            ${platforms.map(p => `<th scope="col">${escapeHtml(p)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
            <ul class="rv-platforms" data-testid="review-platforms"></ul>`;
        this.renderPlatforms();
    }

    renderPlatforms() {
        const list = this.charts.numbers?.querySelector('[data-testid=review-platforms]');
        if (!list) return;
        const source = this.sources.find(s => s.key === this.activeKey);
        const items = source?.figures?.platforms ?? [];
        list.innerHTML = items.length
            ? `<li class="rv-platforms-title">${escapeHtml(source.label)} on the streaming services:</li>` + items.map(p => `<li>${escapeHtml(p.sentence)}</li>`).join('')
            : '';
    }

    // ---- errors and teardown -----------------------------------------------------------------------------

    showError(message) {
        const box = this.root.querySelector('[data-testid=review-error]');
        if (!box) return;
        box.textContent = message;
        box.hidden = false;
    }

    clearError() {
        const box = this.root.querySelector('[data-testid=review-error]');
        if (box) box.hidden = true;
    }

    dispose() {
        this.disposed = true;
        cancelAnimationFrame(this.frame);
        clearTimeout(this.restartTimer);
        clearTimeout(this.refreshTimer);
        clearTimeout(this.resizeTimer);
        this.resizes?.disconnect();
        for (const off of this.listeners) off();
        for (const key of [...this.players.keys()]) this.dropPlayer(key);
        this.context?.close().catch(() => { });
        this.connection?.stop().catch(() => { });
        this.charts.loudnessPlot?.destroy();
        this.charts.spectrumPlot?.destroy();
    }
}

function fmt(value, digits, unit) {
    return value == null ? '–' : `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}${unit}`;
}

function signed(value) {
    if (Math.abs(value) < 0.05) return '0.0';
    return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)}`;
}

function clock(seconds) {
    if (seconds == null || !isFinite(seconds)) return '';
    const s = Math.max(0, seconds);
    const m = Math.floor(s / 60);
    return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
