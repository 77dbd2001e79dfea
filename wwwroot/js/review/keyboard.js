// The player's keys (listed in the frame's help). Keys typed into a field, or with a modifier, are left alone, and so is
// Space on a control that Space presses.

/** review: { state, player, root, setMatched(on), zoom(factor) }. */
export function onReviewKey(e, review) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const { state, player } = review;
    const key = e.key;
    // Space on a focused button, link or switch presses it (the keyboard's click); elsewhere it plays and pauses.
    if (key === ' ' && target instanceof Element && target.closest('button, a[href], [role=button], [role=switch], [role=checkbox], [role=tab], summary')) return;
    if (key === ' ') { e.preventDefault(); player.togglePlay(); }
    else if (/^[1-9]$/.test(key)) { const s = state.sources[Number(key) - 1]; if (s) { e.preventDefault(); player.switchTo(s.key); } }
    else if (key === 'x' || key === 'X') { if (state.partnerKey) { e.preventDefault(); player.switchTo(state.partnerKey); } }
    else if (key === 'l' || key === 'L') { const box = toggle(review.root, 'review-loop'); state.loop = box.checked; }
    else if (key === 'm' || key === 'M') { const box = toggle(review.root, 'review-match'); review.setMatched(box.checked); }
    else if (key === '+' || key === '=') { e.preventDefault(); review.zoom(2); }
    else if (key === '-' || key === '_') { e.preventDefault(); review.zoom(0.5); }
    else if (key === 'ArrowLeft' || key === 'ArrowRight') { e.preventDefault(); player.seekTo(null, Math.max(0, player.position + (key === 'ArrowLeft' ? -5 : 5))); }
}

function toggle(root, testId) {
    const box = root.querySelector(`[data-testid=${testId}]`);
    box.checked = !box.checked;
    return box;
}
