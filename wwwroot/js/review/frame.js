// The review's frame: the transport (play, time, matched levels, loop, the live badge), the list the source
// rows go in, the keys' help; and the error box above them.

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
            <div class="rv-sources" data-testid="review-sources"></div>
            <p class="rv-help">Keys: <kbd>Space</kbd> play/pause · <kbd>1</kbd>–<kbd>9</kbd> choose a source · <kbd>X</kbd> back to the last one ·
               <kbd>L</kbd> loop · <kbd>M</kbd> matched/true levels · <kbd>←</kbd>/<kbd>→</kbd> 5 s. Click a revision's waveform to comment
               at that moment; drag across it to comment on (or loop) a passage. Or play a revision and press
               “Comment at this moment”.</p>`;
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
