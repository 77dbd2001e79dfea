// The review page's listening and seeing half (docs/REVIEW.md): a loudness-matched A/B player over the mix,
// the revisions and the references; a waveform per source drawn from the server's precomputed peaks (never by
// decoding audio here) with the comments as markers; short-term loudness and spectra overlaid with uPlot; the
// numbers and what each platform's normalization does. Everything updates live from the review hub.
// Comments, requests for changes and approval are the Blazor half; this module tells it what the listener
// selected and when something changed. This file puts the parts together and keeps them in step.

import { loadScript, loadStyle } from '../lib-loader.js';
import { ReviewCharts } from './charts.js';
import { clock } from './format.js';
import { clearError, renderFrame, showError } from './frame.js';
import { ReviewHub } from './hub.js';
import { onReviewKey } from './keyboard.js';
import { renderNumbers, renderPlatforms } from './numbers.js';
import { ABPlayer } from './player.js';
import { SourceRows } from './rows.js';
import { ReviewState } from './state.js';
import { DifferenceView } from './difference.js';
import { PhaseView } from './phase.js';
import { deviceOf } from './devices.js';
import { WaveView } from './view.js';
import { drawPlayheads, drawWaveform, wireWaveform } from './waveform.js';

const SIGNALR = '../lib/signalr/signalr.min.js';
const UPLOT = '../lib/uplot/uPlot.iife.min.js';
const UPLOT_CSS = '../lib/uplot/uPlot.min.css';

/** Timings for the latency benchmark (bench/review): when the server finished a change and when it was drawn. */
globalThis.__reviewTimings ??= [];

/**
 * Starts the review of one track inside root. options: { projectId, trackId, stateUrl }.
 * dotnet: DotNetObjectReference with OnSelection(sourceKey, start, end, focus): what a new comment would be about.
 * The page's Blazor half hears of changes in-process (the project change feed), never through this script.
 * Returns a handle with seek(key, seconds), select(key) and dispose().
 */
export async function start(root, options, dotnet) {
    const review = new Review(root, options, dotnet);
    root.__review = review;   // for the browser tests' look at the live connection (and a console user's)
    await review.start();
    return {
        seek: (key, seconds) => review.player.seekTo(key, seconds),
        select: key => review.player.switchTo(key),
        focusCommentButton: () => review.root.querySelector('[data-testid=review-comment-here]')?.focus(),
        refresh: () => review.refresh(),
        dispose: () => review.dispose(),
    };
}

class Review {
    constructor(root, options, dotnet) {
        this.root = root;
        this.options = options;
        this.dotnet = dotnet;
        this.state = new ReviewState(options.trackId);
        this.state.view = new WaveView();
        this.disposed = false;
        this.listeners = [];
        this.player = new ABPlayer(root, this.state, {
            showError: message => this.showError(message),
            clearError: () => this.clearError(),
            switched: () => { this.renderActive(); this.drawAll(); },
            moved: () => this.drawAll(),
            devicesUnavailable: () => this.devicesUnavailable(),
        });
        this.rows = new SourceRows(root, this.state, row => {
            this.on(row.querySelector('.rv-pick'), 'click', () => this.player.switchTo(row.dataset.key));
            wireWaveform(row.querySelector('canvas'), row.dataset.key, this);
        });
    }

    /** The hub's connection, for the browser tests to drop it. */
    get connection() {
        return this.hub?.connection;
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
        this.on(document, 'keydown', e => onReviewKey(e, this));
        this.on(window, 'resize', () => this.drawAll());
        // The charts follow their boxes' width (a scroll bar appearing, a panel opening), not only the window's.
        this.resizes = new ResizeObserver(() => { clearTimeout(this.resizeTimer); this.resizeTimer = setTimeout(() => this.charts.draw(this.state), 100); });
        for (const host of this.charts.boxes) this.resizes.observe(host);
        this.tick = this.tick.bind(this);
        this.animation = requestAnimationFrame(this.tick);
    }

    on(target, event, handler, options) {
        target.addEventListener(event, handler, options);
        this.listeners.push(() => target.removeEventListener(event, handler, options));
    }

    renderFrame() {
        renderFrame(this.root);
        const q = sel => this.root.querySelector(sel);
        this.on(q('[data-testid=review-play]'), 'click', () => this.player.togglePlay());
        this.on(q('[data-testid=review-comment-here]'), 'click', () => this.commentAtPlayhead());
        this.on(q('[data-testid=review-match]'), 'change', e => this.setMatched(e.target.checked));
        this.on(q('[data-testid=review-loop]'), 'change', e => { this.state.loop = e.target.checked; });
        this.on(q('[data-testid=listen-on]'), 'change', e => this.listenOn(e.target.value));
        this.on(q('[data-testid=as-played]'), 'change', e => this.asPlayedOn(e.target.value));
        this.on(q('[data-testid=review-zoom-in]'), 'click', () => this.zoom(2));
        this.on(q('[data-testid=review-zoom-out]'), 'click', () => this.zoom(0.5));
        this.on(q('[data-testid=review-zoom-pan]'), 'input', e => {
            this.state.view.panTo(Number(e.target.value) / 1000 * (1 - 1 / this.state.view.zoom));
            this.viewChanged();
        });
        this.difference = new DifferenceView(q('[data-testid=review-difference]'), this.state,
            (a, b) => `${this.options.stateUrl}/difference?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`,
            (target, event, handler) => this.on(target, event, handler));
        this.phase = new PhaseView(q('[data-testid=review-phase]'), this.state,
            (target, event, handler) => this.on(target, event, handler),
            (key, seconds) => { this.player.switchTo(key); this.player.seekTo(key, seconds); });
        this.charts = new ReviewCharts(document.getElementById(this.options.loudnessId), document.getElementById(this.options.spectrumId));
        this.numbers = document.getElementById(this.options.numbersId);
    }

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
        const review = await response.json();
        this.clearError();
        this.state.load(review);
        this.renderSources();
        this.drawAll();
    }

    /** What each of the hub's messages does to the page. */
    connect() {
        const state = this.state;
        this.hub = new ReviewHub(this.root, this.options.projectId, {
            Source: (source, finishedAt) => {
                if (!state.upsertSource(source)) return;
                this.player.forgetIfMoved(source);
                this.renderSources();
                this.drawAll();
                requestAnimationFrame(() => globalThis.__reviewTimings.push({ key: source.key, state: source.state, finishedAt, drawnAt: Date.now() }));
            },
            RenderProgress: progress => {
                const source = state.sources.find(s => s.revisionId === progress.revisionId);
                if (!source) { this.refreshSoon(); return; }
                if (progress.state === 'Queued' || progress.state === 'Running') {
                    source.state = 'rendering';
                    source.progressPercent = progress.progressPercent;
                    this.rows.renderStatus(source);
                }
            },
            Comment: comment => {
                if (!state.upsertComment(comment)) return;
                this.drawAll();
            },
            // The status and rounds; what a decision or a payment changed on the revisions comes as their Source messages.
            Project: change => {
                state.status = change.status;
            },
        }, () => this.refresh(),         // what was pushed while the connection was down
        message => this.showError(message));
        this.hub.connect();
    }

    refreshSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), 250);
    }

    /** Tells the page what a new comment would be about; focus: the comment box takes the keyboard's focus. */
    selected(source, selection, focus = false) {
        this.dotnet?.invokeMethodAsync('OnSelection', source?.key ?? null, selection.start, selection.end, focus)
            .catch(() => { });
    }

    /** The keyboard's way to comment: on the source being heard (a revision, the mix or a reference), at the playhead. */
    commentAtPlayhead() {
        const source = this.state.sourceOf(this.state.activeKey);
        if (!source?.revisionId && !source?.fileId) {
            this.showError('Choose what to comment on first (its button below, or its number key), then comment.');
            return;
        }
        this.clearError();
        this.state.selection = { key: source.key, start: this.player.position, end: null };
        this.drawAll();
        this.selected(source, this.state.selection, true);
    }

    /** Zooms the waveforms in (factor 2) or out (0.5) around the playhead. */
    zoom(factor) {
        const duration = this.state.sourceOf(this.state.activeKey)?.figures?.durationSeconds;
        this.state.view.zoomBy(factor, duration ? this.player.position / duration : 0);
        this.viewChanged();
    }

    /** The view moved or zoomed: the waveforms are drawn again and the controls say what is shown. */
    viewChanged() {
        const view = this.state.view;
        const q = sel => this.root.querySelector(sel);
        const duration = this.state.sourceOf(this.state.activeKey)?.figures?.durationSeconds;
        const { from, to } = view.range(duration ?? 0);
        q('[data-testid=review-zoom-range]').textContent = view.zoom === 1 || !duration
            ? 'Showing the whole track' : `Showing ${clock(from)}–${clock(to)} (${view.zoom}×)`;
        q('[data-testid=review-zoom-out]').disabled = view.zoom === 1;
        q('[data-testid=review-zoom-in]').disabled = view.zoom >= 32;
        const pan = q('[data-testid=review-zoom-pan]');
        pan.disabled = view.zoom === 1;
        pan.value = String(view.zoom === 1 ? 0 : Math.round(view.offset / (1 - 1 / view.zoom) * 1000));
        this.root.dataset.zoom = String(view.zoom);
        this.drawAll();
    }

    /** Hears what plays on another device (devices.js); Mono and the phone's one speaker show what folding down loses. */
    listenOn(id) {
        this.player.setDevice(id);
        const meter = this.root.querySelector('[data-testid=mono-meter]');
        meter.hidden = !deviceOf(this.state.device).mono;
        if (!this.player.playing) {
            // Figures from an earlier moment would describe what is no longer playing.
            meter.textContent = 'In mono: play to see what folding down loses';
            delete meter.dataset.lossDb;
            delete meter.dataset.correlation;
        }
        this.root.dataset.device = this.state.device;
        this.meterAt = 0;
    }

    /** Hears the sources as a streaming service plays them ("" = as mastered); the levels shown follow. */
    async asPlayedOn(name) {
        await this.player.setPlatform(name);
        this.root.dataset.platform = name;
        this.root.querySelector('#rv-as-played-note').hidden = !name;
        this.renderSources();
        this.drawAll();
    }

    /** The services the revisions can be heard "as played" on; the choice is offered once there is one. */
    renderPlatformChoices() {
        const select = this.root.querySelector('[data-testid=as-played]');
        if (!select) return;
        const names = this.state.platforms();
        const have = [...select.options].slice(1).map(o => o.value);
        if (have.join('|') !== names.join('|')) {
            select.replaceChildren(select.options[0], ...names.map(name => {
                const option = document.createElement('option');
                option.value = name;
                option.textContent = name;
                return option;
            }));
            select.value = names.includes(this.state.platform) ? this.state.platform : '';
        }
        // Always in its place (nothing moves under a finger or a pointer when it fills); usable once there is a service.
        select.disabled = names.length === 0;
    }

    /** Without Web Audio there are no simulations: the switch says so instead of pretending. */
    devicesUnavailable() {
        const select = this.root.querySelector('[data-testid=listen-on]');
        select.value = 'studio';
        select.disabled = true;
        this.root.querySelector('#rv-listen-note').textContent = 'This browser cannot simulate devices; you hear the master as it is.';
    }

    /** While playing on a mono device: the fold-down's level change and the sides' correlation, a few times a second. */
    updateMonoMeter(now) {
        if (!deviceOf(this.state.device).mono || !this.player.playing || now - (this.meterAt ?? 0) < 150) return;
        this.meterAt = now;
        const reading = this.player.foldDownNow();
        const meter = this.root.querySelector('[data-testid=mono-meter]');
        if (!reading) {
            meter.textContent = 'In mono: silence';
            delete meter.dataset.lossDb;
            delete meter.dataset.correlation;
            return;
        }
        const loss = Number.isFinite(reading.lossDb) ? `${reading.lossDb > -0.05 ? '0.0' : reading.lossDb.toFixed(1).replace('-', '−')} dB` : 'cancels out';
        meter.textContent = `In mono: ${loss} · L/R correlation ${reading.correlation.toFixed(2).replace('-', '−')}`;
        meter.dataset.lossDb = String(reading.lossDb);
        meter.dataset.correlation = String(reading.correlation);
    }

    setMatched(on) {
        this.state.matched = on;
        this.player.applyGains();
        this.rows.renderGains();
    }

    renderSources() {
        this.rows.render();
        this.difference.sourcesChanged();
        renderPlatforms(this.numbers, this.state);
        this.renderPlatformChoices();
    }

    renderActive() {
        this.rows.renderActive();
        renderPlatforms(this.numbers, this.state);
    }

    drawAll() {
        for (const source of this.state.sources) drawWaveform(this.rows.rowOf(source.key), source, this.state);
        this.drawPlayheads(this.player.position);
        this.charts.draw(this.state);
        this.difference.draw();
        this.phase.draw();
        renderNumbers(this.numbers, this.state);
        renderPlatforms(this.numbers, this.state);
    }

    drawPlayheads(t) {
        this.lastDrawnAt = t;
        drawPlayheads(key => this.rows.rowOf(key), this.state, t);
    }

    /** Once a frame: keeps the player in step, shows the time and moves the playheads. */
    tick() {
        if (this.disposed) return;
        const t = this.player.position;
        this.player.keepInStep(t);
        const time = this.root.querySelector('[data-testid=review-time]');
        const duration = this.state.sourceOf(this.state.activeKey)?.figures?.durationSeconds;
        const text = duration ? `${clock(t)} / ${clock(duration)}` : clock(t);
        if (time.textContent !== text) time.textContent = text;
        // Zoomed in, the view turns the page when the playhead runs off it.
        if (this.player.playing && duration && this.state.view.follow(t / duration)) this.viewChanged();
        if (this.player.playing || this.lastDrawnAt !== t) this.drawPlayheads(t);
        this.updateMonoMeter(performance.now());
        this.scheduleTick();
    }

    /**
     * While playing, every frame (the playheads and the time move); paused, ten times a second is enough for what can
     * still change (a seek redraws at once through the player's moved()). A page left open then costs the browser
     * almost nothing: a frame loop that never stops keeps the browser drawing sixty frames a second.
     */
    scheduleTick() {
        if (this.player.playing) this.animation = requestAnimationFrame(this.tick);
        else this.idle = setTimeout(() => { this.animation = requestAnimationFrame(this.tick); }, 100);
    }

    showError(message) {
        showError(this.root, message);
    }

    clearError() {
        clearError(this.root);
    }

    dispose() {
        this.disposed = true;
        cancelAnimationFrame(this.animation);
        clearTimeout(this.idle);
        clearTimeout(this.refreshTimer);
        clearTimeout(this.resizeTimer);
        this.resizes?.disconnect();
        for (const off of this.listeners) off();
        this.player.dispose();
        this.hub?.dispose();
        this.charts?.dispose();
    }
}
