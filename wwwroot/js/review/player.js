// The A/B player: one audio element per source, each through its own Web Audio gain, so a switch is a short
// crossfade at the same moment and the source switched from keeps playing muted beside the new one.
// "Listen on": every source's gain feeds one bus, the bus feeds every device's simulation (devices.js), each through
// its own fade, and the fades meet at the output. Changing device is a crossfade between two of those chains; the
// media elements and the per-source (loudness-matching) gains are never touched, so nothing pauses or jumps.

import { DEVICES, buildDevice, deviceOf, foldDown } from './devices.js';

const RAMP_SECONDS = 0.008;          // a switch fades over 8 ms: instant to the ear, without a click
const DEVICE_RAMP_SECONDS = 0.012;   // a device change fades over 12 ms: two filtered versions of the same moment
const DRIFT_SECONDS = 0.04;          // the muted partner is re-aligned when it drifts further than this
const METER_SIZE = 16384;            // the meters look at the last 16384 samples: about 0.37 s at 44.1 kHz
const HISTORY_SIZE = 32768;          // the bus's analysers keep twice that: what came just before is there to look at too

export class ABPlayer {
    /**
     * view: { showError(message), clearError(), switched() after the source heard changed, moved() after a seek }.
     */
    constructor(root, state, view) {
        this.root = root;
        this.state = state;
        this.view = view;
        this.players = new Map();   // key → { audio, url, gain }
        this.playing = false;
        this.pausedAt = null;
    }

    get position() {
        const active = this.players.get(this.state.activeKey);
        return active ? active.audio.currentTime : (this.pausedAt ?? 0);
    }

    ensureContext() {
        if (this.context || this.noWebAudio) return this.context;
        try {
            this.context = new AudioContext({ latencyHint: 'interactive' });
        } catch {
            this.noWebAudio = true;   // element volume instead (every matched gain is at most 0 dB, so it fits)
            this.view.devicesUnavailable?.();
            return null;
        }
        this.buildStage();
        // Nothing plays yet: the stage rests until play() resumes it (as a browser keeps a context made without a
        // gesture), so an open page does not run every device's chain on silence.
        if (!this.playing) this.context.suspend().catch(() => { });
        return this.context;
    }

    /** Once paused, the stage rests (after the last fade) and costs nothing until the next play(). */
    restSoon() {
        clearTimeout(this.restTimer);
        this.restTimer = setTimeout(() => { if (!this.playing) this.context?.suspend().catch(() => { }); }, 500);
    }

    /**
     * The shared stage after the sources' gains: the bus (always two channels, so a mono file is heard on both sides),
     * every device's chain with its fade (only the chosen one open), the output, and the meters. All the chains are
     * built now and keep running: a device's filters and compressor are settled before it is ever heard.
     */
    buildStage() {
        const context = this.context;
        this.bus = context.createGain();
        this.bus.channelCount = 2;
        this.bus.channelCountMode = 'explicit';
        this.bus.channelInterpretation = 'speakers';
        this.out = context.createGain();
        this.out.connect(context.destination);
        this.devices = new Map();
        for (const device of DEVICES) {
            const chain = buildDevice(context, device.id);
            const fade = context.createGain();
            fade.gain.value = device.id === this.state.device ? 1 : 0;
            this.bus.connect(chain.input);
            chain.output.connect(fade).connect(this.out);
            this.devices.set(device.id, { chain, fade });
        }
        this.sides = this.metersOn(this.bus, HISTORY_SIZE);   // what is playing, before any device: for the mono meter
        this.outputSides = this.metersOn(this.out, METER_SIZE); // what is heard: its level
    }

    /** An analyser on each side of node's output, keeping the last size samples. */
    metersOn(node, size) {
        const split = this.context.createChannelSplitter(2);
        node.connect(split);
        return [0, 1].map(side => {
            const analyser = this.context.createAnalyser();
            analyser.fftSize = size;
            split.connect(analyser, side);
            return analyser;
        });
    }

    /** Listens on another device: a short crossfade from the chain heard to the chosen one, while playing or not. */
    setDevice(id) {
        const device = deviceOf(id).id;
        if (device === this.state.device) return;
        this.state.device = device;
        if (!this.devices) return;   // no context yet: the stage opens the chosen device when it is built
        const now = this.context.currentTime;
        this.deviceSwitchedAt = now;   // on the audio clock: from when the meters hear only the new device
        for (const [key, { fade }] of this.devices) {
            fade.gain.cancelScheduledValues(now);
            fade.gain.setValueAtTime(fade.gain.value, now);
            fade.gain.linearRampToValueAtTime(key === device ? 1 : 0, now + DEVICE_RAMP_SECONDS);
        }
    }

    /** What folding the playing moment down to mono loses ({ lossDb, correlation }), or null in silence or before playing. */
    foldDownNow() {
        if (!this.sides) return null;
        const [left, right] = this.sides.map(lastSamples);
        return foldDown(left, right);
    }

    /** The level heard over the meters' window (both sides' mean power, dB full scale), or null before playing. */
    outputLevelDb() {
        return this.outputSides ? levelDb(this.outputSides) : null;
    }

    /** The level of what plays before any device (the sources at their matched gains), over the same window. */
    inputLevelDb() {
        return this.sides ? levelDb(this.sides) : null;
    }


    playerOf(key) {
        if (this.players.has(key)) return this.players.get(key);
        const source = this.state.sourceOf(key);
        const url = this.state.audioUrlOf(source);
        if (!url) return null;
        const audio = new Audio();
        audio.preload = 'auto';
        audio.src = url;
        audio.setAttribute('data-key', key);
        const player = { audio, url, gain: null };
        const context = this.ensureContext();
        if (context) {
            const node = context.createMediaElementSource(audio);
            player.gain = context.createGain();
            player.gain.gain.value = 0;
            node.connect(player.gain).connect(this.bus);
        } else {
            audio.volume = 0;
        }
        audio.addEventListener('ended', () => { if (key === this.state.activeKey && !this.state.loop) this.pause(); });
        audio.addEventListener('error', () => {
            if (key !== this.state.activeKey) return;
            this.pause();
            this.view.showError(`"${source.label}" could not be played. If this keeps happening, reload the page.`);
        });
        this.players.set(key, player);
        return player;
    }

    /** A source whose audio moved (a preview replaced by the master) gets a new player when next heard. */
    forgetIfMoved(source) {
        const player = this.players.get(source.key);
        if (player && player.url !== this.state.audioUrlOf(source)) this.dropPlayer(source.key);
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

    /** After matched levels were turned on or off: the source heard moves to its new gain, the rest stay silent. */
    /**
     * Hears every source as a streaming service plays it (null: as mastered): a revision's copy in the service's codec,
     * every source at the level the service's normalization gives it. The sources whose audio changes are loaded again
     * at the same moment (a short pause while the copy loads); the device stays as chosen.
     */
    async setPlatform(name) {
        const at = this.position;
        const wasPlaying = this.playing;
        this.state.platform = name || null;
        for (const source of this.state.sources) this.forgetIfMoved(source);
        const active = this.playerOf(this.state.activeKey);
        if (active) {
            active.audio.currentTime = at;
            if (wasPlaying) await active.audio.play().catch(() => { });
        }
        this.pausedAt = wasPlaying ? null : at;
        this.applyGains();
    }

    applyGains() {
        for (const [key, player] of this.players) this.setGain(player, key === this.state.activeKey ? this.state.linearGain(key) : 0, true);
    }

    async togglePlay() {
        if (this.playing) this.pause();
        else await this.play();
    }

    async play() {
        const player = this.playerOf(this.state.activeKey);
        if (!player) {
            this.view.showError('There is nothing to hear for this source yet.');
            return;
        }
        this.view.clearError();
        clearTimeout(this.restTimer);
        await this.context?.resume();
        const at = this.pausedAt ?? player.audio.currentTime;
        const { activeKey, partnerKey } = this.state;     // read after the wait: a key may have switched meanwhile
        for (const key of [activeKey, partnerKey]) {
            const p = key && this.playerOf(key);
            if (!p) continue;
            if (Math.abs(p.audio.currentTime - at) > DRIFT_SECONDS) p.audio.currentTime = at;
            this.setGain(p, key === activeKey ? this.state.linearGain(key) : 0, false);
            p.audio.play().catch(() => { });
        }
        this.playing = true;
        this.pausedAt = null;
        this.showButton('❚❚', 'Pause');
    }

    pause() {
        this.pausedAt = this.position;
        for (const player of this.players.values()) player.audio.pause();
        this.playing = false;
        this.restSoon();
        this.showButton('▶', 'Play');
    }

    showButton(text, label) {
        this.root.querySelector('[data-testid=review-play]').textContent = text;
        this.root.querySelector('[data-testid=review-play]').setAttribute('aria-label', label);
    }

    /** Switches what is heard at the same moment: the new source fades in as the old fades out, over a few ms. */
    switchTo(key) {
        const state = this.state;
        if (!key || key === state.activeKey) return;
        const source = state.sourceOf(key);
        if (!source) return;
        const at = this.position;
        const old = state.activeKey;
        state.activeKey = key;
        if (old) state.partnerKey = old;
        const next = this.playerOf(key);
        if (this.playing && next) {
            if (Math.abs(next.audio.currentTime - at) > DRIFT_SECONDS) next.audio.currentTime = at;
            next.audio.play().catch(() => { });
            this.setGain(next, state.linearGain(key), true);
            const previous = this.players.get(old);
            if (previous) this.setGain(previous, 0, true);
            // Only the new pair keeps playing: the rest stop and release their streams' work.
            for (const [k, p] of this.players) if (k !== key && k !== state.partnerKey) p.audio.pause();
        } else {
            this.pausedAt = at;
            if (next) next.audio.currentTime = at;
            if (this.playing && !next) {
                this.pause();
                this.view.showError(source.audioNote ?? 'There is nothing to hear for this source yet.');
            }
        }
        this.view.switched();
    }

    seekTo(key, seconds) {
        if (key && key !== this.state.activeKey) this.switchTo(key);
        for (const [k, p] of this.players) if (k === this.state.activeKey || k === this.state.partnerKey) p.audio.currentTime = seconds;
        this.pausedAt = this.playing ? null : seconds;
        this.view.moved();
    }

    /** Once a frame while playing: keeps the muted partner aligned with what is heard and loops the selection. */
    keepInStep(t) {
        if (!this.playing) return;
        const partner = this.players.get(this.state.partnerKey);
        if (partner && !partner.audio.paused && Math.abs(partner.audio.currentTime - t) > DRIFT_SECONDS) partner.audio.currentTime = t;
        const selection = this.state.selection;
        if (this.state.loop && selection?.end != null && (t >= selection.end || t < selection.start - 0.25))
            this.seekTo(null, selection.start);
    }

    dispose() {
        clearTimeout(this.restTimer);
        for (const key of [...this.players.keys()]) this.dropPlayer(key);
        this.context?.close().catch(() => { });
    }
}

/** Two analysers' mean power in dB full scale (−∞ in silence). */
function levelDb(analysers) {
    let sum = 0, count = 0;
    for (const analyser of analysers) {
        const data = lastSamples(analyser);
        for (const x of data) sum += x * x;
        count += data.length;
    }
    return sum > 0 ? 10 * Math.log10(sum / count) : -Infinity;
}

/** An analyser's last METER_SIZE samples (all it keeps, or the end of a longer history). */
function lastSamples(analyser) {
    const data = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(data);
    return data.subarray(data.length - METER_SIZE);
}
