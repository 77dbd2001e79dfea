// The album review page's player (Features/Album/AlbumReviewPage): one <audio> element playing the assembled album,
// the track list following the playhead, a click on a track or on the strip to play from there, and the playhead's
// time for a comment. The tracks' places come from the server's report (seconds of the programme).

export function attach(root, tracks) {
    const audio = root.querySelector('[data-testid=album-review-player]');
    const rows = [...root.querySelectorAll('[data-testid=album-review-track]')];
    const strip = root.querySelector('[data-testid=album-review-strip]');
    const clock = root.querySelector('[data-testid=album-review-time]');

    // The track playing at a time: the later one in a crossfade, the next one in a pause (as the server maps comments).
    const trackAt = seconds => {
        let found = -1;
        tracks.forEach((t, i) => { if (seconds >= t.start && seconds < t.end) found = i; });
        if (found >= 0) return found;
        return tracks.findIndex(t => seconds >= t.pauseStart && seconds < t.start);
    };

    const show = () => {
        const now = audio.currentTime;
        const current = trackAt(now);
        rows.forEach((row, i) => {
            row.dataset.current = String(i === current);
            if (i === current) row.setAttribute('aria-current', 'true'); else row.removeAttribute('aria-current');
        });
        root.dataset.currentTrack = current >= 0 ? String(current + 1) : '';
        if (clock) clock.textContent = format(now);
    };

    const play = async seconds => {
        audio.currentTime = seconds;
        try { await audio.play(); } catch { /* the browser refused to start: the controls are there */ }
        show();
    };

    rows.forEach((row, i) => {
        const button = row.querySelector('button');
        button?.addEventListener('click', () => play(tracks[i].start));
    });
    strip?.addEventListener('click', e => {
        const box = strip.getBoundingClientRect();
        const length = Number(strip.dataset.length);
        if (box.width > 0 && length > 0) play(length * (e.clientX - box.left) / box.width);
    });
    audio.addEventListener('timeupdate', show);
    audio.addEventListener('seeked', show);
    show();

    return {
        time: () => audio.currentTime,
        play: seconds => play(seconds),
        dispose: () => audio.pause(),
    };
}

function format(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
