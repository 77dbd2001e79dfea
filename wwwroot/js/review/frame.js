// The review's frame: the transport (play, time, matched levels, loop, the live badge), "Listen on" with its mono
// meter, the waveforms' zoom, the list the source rows go in, the keys' help; and the error box above them.

import { DEVICES } from './devices.js';

/** Draws the frame into root; the caller wires its controls. */
export function renderFrame(root) {
    root.innerHTML = `
            <div class="rv-error" data-testid="review-error" hidden></div>
            <div class="rv-transport">
                <button type="button" class="rv-play" data-testid="review-play" aria-label="Play">▶</button>
                <span class="rv-time" data-testid="review-time">0:00</span>
                <button type="button" class="rv-comment-here" data-testid="review-comment-here">Comment at this moment</button>
                <label class="rv-toggle"><input type="checkbox" data-testid="review-match" checked> Loudness-matched</label>
                <label class="rv-toggle"><input type="checkbox" data-testid="review-loop"> Loop selection</label>
                <span class="rv-live" data-testid="review-live" data-state="connecting">Connecting…</span>
            </div>
            <div class="rv-listen">
                <label class="rv-listen-on">Listen on
                    <select data-testid="listen-on" aria-describedby="rv-listen-note">
                        ${DEVICES.map(d => `<option value="${d.id}">${d.label}</option>`).join('')}
                    </select>
                </label>
                <label class="rv-listen-on" data-testid="as-played-choice">As played on
                    <select data-testid="as-played" aria-describedby="rv-as-played-note" disabled>
                        <option value="">No streaming service</option>
                    </select>
                </label>
                <span class="rv-mono-meter" data-testid="mono-meter" hidden>In mono: play to see what folding down loses</span>
                <span class="rv-listen-note" id="rv-as-played-note" hidden>Each revision as the service streams it (its codec) and every source at the level its loudness normalization plays it.</span>
                <span class="rv-listen-note" id="rv-listen-note">A simulation of how the master sounds on that kind of device. Its level is matched on a balanced test signal (pink noise), so a master heavy in low end sounds quieter on small speakers, as it will there.</span>
            </div>
            <div class="rv-zoom" role="group" aria-label="Zoom the waveforms">
                <button type="button" data-testid="review-zoom-out" aria-label="Zoom out" disabled>−</button>
                <button type="button" data-testid="review-zoom-in" aria-label="Zoom in">+</button>
                <span class="rv-zoom-range" data-testid="review-zoom-range" aria-live="polite">Showing the whole track</span>
                <input type="range" class="rv-zoom-pan" data-testid="review-zoom-pan" aria-label="Move along the track" min="0" max="1000" value="0" disabled>
            </div>
            <div class="rv-sources" data-testid="review-sources"></div>
            <section class="rv-diff" data-testid="review-difference" aria-labelledby="rv-diff-title" hidden>
                <h3 id="rv-diff-title" class="rv-diff-title">Where two sources differ</h3>
                <div class="rv-diff-pick">
                    <label>Compare <select data-testid="review-diff-b"></select></label>
                    <label>with <select data-testid="review-diff-a"></select></label>
                </div>
                <canvas class="rv-diff-curve" data-testid="review-diff-curve" height="56" role="img"
                        aria-label="Short-term loudness of the first source minus the second: above the line it is louder, below quieter (±6 LU)"></canvas>
                <ul class="rv-diff-words" data-testid="review-diff-words"></ul>
            </section>
            <section class="rv-diff rv-phase" data-testid="review-phase" aria-labelledby="rv-phase-title" hidden>
                <h3 id="rv-phase-title" class="rv-diff-title">Mono and phase over time: <span data-testid="phase-source"></span></h3>
                <div class="rv-diff-pick">
                    <label>Mark passages that lose more than <select data-testid="phase-threshold"></select> in mono</label>
                </div>
                <div class="rv-phase-body">
                    <div class="rv-phase-labels" aria-hidden="true"><span>High</span><span>Mid</span><span>Low</span><span>Mono</span></div>
                    <canvas class="rv-phase-strip" data-testid="phase-strip" role="img"
                            aria-label="Left/right correlation over time in the high, mid and low bands (green: together, amber: unrelated, red: opposed, cancelling in mono), and the passages that lose more than the threshold in mono marked in red under them. The passages are listed below."></canvas>
                </div>
                <p class="rv-phase-legend">Green: the two sides move together · amber: unrelated (wide) · red: opposed, cancelling when played in mono. Click the strip or a passage to play from there.</p>
                <ul class="rv-diff-words rv-phase-passages" data-testid="phase-passages"></ul>
            </section>
            <p class="rv-help">Keys: <kbd>Space</kbd> play/pause · <kbd>1</kbd>–<kbd>9</kbd> choose a source · <kbd>X</kbd> back to the last one ·
               <kbd>L</kbd> loop · <kbd>M</kbd> matched/true levels · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>+</kbd>/<kbd>−</kbd> zoom.
               Click a waveform (a revision, the mix or a reference) to comment at that moment; drag across it to comment on
               (or loop) a passage. Or play it and press “Comment at this moment”.</p>`;
}

export function showError(root, message) {
    const box = root.querySelector('[data-testid=review-error]');
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
}

export function clearError(root) {
    const box = root.querySelector('[data-testid=review-error]');
    if (box) box.hidden = true;
}
