// What the browser remembers to resume an upload after a reload, and the "was interrupted" notice, which it gives only
// for what the server says it still holds (docs/UPLOADS.md, "Unfinished uploads").

const STORAGE_PREFIX = 'mp-upload:';

/** What the browser remembers to resume after a reload: the file's checksum and name, per project/track/kind/file. */
export function storageKey(options, file) {
    return slotPrefix(options) + [file.name, file.size, file.lastModified].join('|');
}

/** One place: project, track, kind, and the reference, format or version; an alternate master's revision too (each revision has its own box). */
function slotPrefix(options) {
    const place = options.referenceId ?? options.deliverable ?? options.alternate ?? '';
    const revision = options.kind === 'alternatemaster' ? [options.revisionId ?? ''] : [];
    return STORAGE_PREFIX + [options.projectId, options.trackId, options.kind, place, ...revision].join('|') + '|';
}

/** The remembered keys of this place (project, track, kind, reference or format). */
export function rememberedKeys(options) {
    const prefix = slotPrefix(options);
    const keys = [];
    try {
        for (let i = 0; i < localStorage.length; i++) {
            const key = localStorage.key(i);
            if (key?.startsWith(prefix)) keys.push(key);
        }
    } catch { /* storage disabled: resuming then needs the same file hashed again, which still works */ }
    return keys;
}

/**
 * After a reload: asks the server which uploads for this place it still holds unfinished (it deletes a partial file
 * after a day, and one begun before another file was stored there no longer counts). Only then does the box say "was
 * interrupted"; what the browser remembers of uploads the server no longer holds is forgotten.
 */
export async function announceInterrupted(options, dotnet, superseded) {
    const query = new URLSearchParams({ trackId: options.trackId, kind: options.kind });
    for (const name of ['referenceId', 'revisionId', 'deliverable', 'alternate']) if (options[name]) query.set(name, options[name]);
    let unfinished;
    try {
        const response = await fetch(`/api/projects/${options.projectId}/uploads/unfinished?${query}`, { credentials: 'same-origin' });
        if (!response.ok) return;
        unfinished = await response.json();
    } catch { return; } // offline: say nothing rather than something that may not be true
    const held = new Set(unfinished.map(u => [u.fileName, u.sizeBytes, u.lastModified].join('|')));
    const prefix = slotPrefix(options);
    for (const key of rememberedKeys(options)) if (!held.has(key.slice(prefix.length))) forget(key);
    if (unfinished.length === 0 || superseded()) return;
    const newest = unfinished[0];
    await dotnet.invokeMethodAsync('UploadInterrupted', newest.fileName, 100 * newest.receivedBytes / newest.sizeBytes).catch(() => { });
}

export function remember(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: no resume after reload */ }
}

export function forget(key) {
    try { localStorage.removeItem(key); } catch { }
}

export function readRemembered(key) {
    try { return JSON.parse(localStorage.getItem(key) ?? 'null'); } catch { return null; }
}
