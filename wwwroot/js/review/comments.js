// The comments on a revision's waveform: a flag at each thread's moment, a band over its passage; resolved
// threads are greyed so what is still open stands out.

// xOf(t) is the canvas's x of time t at the current zoom (view.js).

/** Draws the brief's problem notes on the mix: an amber band over each passage (a line at a single moment), underlined. */
export function drawProblems(g, notes, xOf, height, ratio) {
    for (const note of notes) {
        const x0 = xOf(note.startSeconds);
        const w = note.endSeconds != null ? Math.max(2 * ratio, xOf(note.endSeconds) - x0) : 2 * ratio;
        g.fillStyle = 'rgba(230, 159, 0, 0.22)';
        g.fillRect(x0, 0, w, height);
        g.fillStyle = '#b26a00';
        g.fillRect(x0, height - 3 * ratio, w, 3 * ratio);
    }
}

/** Draws the markers of the given comments onto a waveform height pixels high. */
export function drawMarkers(g, comments, xOf, height, ratio) {
    for (const comment of comments) {
        const x0 = xOf(comment.startSeconds);
        g.fillStyle = comment.resolved ? 'rgba(120,120,120,0.25)' : 'rgba(211, 47, 47, 0.18)';
        if (comment.endSeconds != null) g.fillRect(x0, 0, Math.max(ratio, xOf(comment.endSeconds) - x0), height);
        g.fillStyle = comment.resolved ? '#9e9e9e' : '#d32f2f';
        g.fillRect(x0, 0, 2 * ratio, height);
        g.beginPath();
        g.moveTo(x0, 0); g.lineTo(x0 + 8 * ratio, 0); g.lineTo(x0 + 2 * ratio, 8 * ratio); g.closePath(); g.fill();
    }
}
