// How the review writes numbers and times: a real minus sign, one decimal, m:ss; and text made safe for HTML.

/** A value with its unit, or a dash when it is not known. */
export function fmt(value, digits, unit) {
    return value == null ? '–' : `${value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}${unit}`;
}

/** A gain with its sign; a change too small to hear reads as none. */
export function signed(value) {
    if (Math.abs(value) < 0.05) return '0.0';
    return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)}`;
}

export function clock(seconds) {
    if (seconds == null || !isFinite(seconds)) return '';
    const s = Math.max(0, seconds);
    const m = Math.floor(s / 60);
    return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A list item holding plain text. */
export function listItem(text) {
    const li = document.createElement('li');
    li.textContent = text;
    return li;
}
