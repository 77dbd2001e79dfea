// npm postinstall: copies the browser files the pages load from node_modules into wwwroot/lib/ (git-ignored),
// each package with its licence. Run by `npm ci` / `npm install` (run.sh and test.sh do that).
import { mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const files = {
  'hash-wasm': ['dist/sha256.umd.min.js', 'LICENSE'],
  '@microsoft/signalr': ['dist/browser/signalr.min.js', 'LICENSE'],
  'uplot': ['dist/uPlot.iife.min.js', 'dist/uPlot.min.css', 'LICENSE'],
};

for (const [pkg, list] of Object.entries(files)) {
  const target = join('wwwroot', 'lib', pkg.replace(/^@[^/]+\//, ''));
  mkdirSync(target, { recursive: true });
  for (const file of list) {
    const from = join('node_modules', pkg, file);
    if (!existsSync(from)) {
      if (file === 'LICENSE') continue; // a package without a licence file still works
      throw new Error(`${from} is missing: the ${pkg} package layout changed`);
    }
    copyFileSync(from, join(target, file.split('/').pop()));
  }
}
