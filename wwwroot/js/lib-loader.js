// Loads the classic (UMD/IIFE) browser builds copied from npm into wwwroot/lib/ once per page, on first use,
// so pages that do not need a library never download it.

const scripts = new Map();

/** Resolves with globalThis[globalName] once the script at url has run; a failed load can be tried again. */
export function loadScript(url, globalName) {
    const href = new URL(url, import.meta.url).href;
    if (!scripts.has(href)) {
        scripts.set(href, new Promise((resolve, reject) => {
            if (globalThis[globalName]) { resolve(globalThis[globalName]); return; }
            const script = document.createElement('script');
            script.src = href;
            script.onload = () => globalThis[globalName]
                ? resolve(globalThis[globalName])
                : reject(new Error(`A part of this page (${globalName}) did not load. Please reload the page.`));
            script.onerror = () => {
                scripts.delete(href);
                reject(new Error(`A part of this page (${globalName}) could not be loaded. Please check your connection and reload.`));
            };
            document.head.appendChild(script);
        }));
    }
    return scripts.get(href);
}

/** Adds a stylesheet once. */
export function loadStyle(url) {
    const href = new URL(url, import.meta.url).href;
    if (document.querySelector(`link[rel=stylesheet][href="${href}"]`)) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
}
