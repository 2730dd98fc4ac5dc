// Builds both front ends into web/dist: the desk/press dashboard (/, src/main.js) and the patrol
// officer's phone app (/patrol/, src/patrol/main.js) with its manifest and service worker. Each
// is one bundled script (esbuild); they share api.js, i18n.js, dom.js and ui.js. Everything the
// pages load comes from dist itself; nothing is fetched from a CDN.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const common = { bundle: true, format: 'esm', target: ['chrome100', 'safari15', 'firefox100'], minify: true, logLevel: 'warning' };

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'patrol'), { recursive: true });
await build({ ...common, entryPoints: [join(here, 'src/main.js')], sourcemap: true, outfile: join(out, 'app.js') });
await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));
await copyFile(join(here, 'src/style.css'), join(out, 'style.css'));

// The patrol app: no source map in the shell (it is cached on every phone and counted in the
// size budget).
const patrol = join(out, 'patrol');
await build({ ...common, entryPoints: [join(here, 'src/patrol/main.js')], outfile: join(patrol, 'patrol.js') });
const shell = ['index.html', 'patrol.css', 'manifest.webmanifest', 'icon.svg'];
for (const f of shell) await copyFile(join(here, 'src/patrol', f), join(patrol, f));
// The service worker's cache name follows the shell's content, so a new build replaces the
// cached one on every phone.
const hash = createHash('sha256');
for (const f of ['patrol.js', ...shell]) hash.update(await readFile(join(patrol, f)));
const sw = (await readFile(join(here, 'src/patrol/sw.js'), 'utf8')).replace('__SHELL_VERSION__', hash.digest('hex').slice(0, 12));
await build({ ...common, stdin: { contents: sw, loader: 'js' }, bundle: false, outfile: join(patrol, 'sw.js') });

let gz = 0;
for (const f of ['patrol.js', 'sw.js', ...shell]) gz += gzipSync(await readFile(join(patrol, f)), { level: 9 }).length;
const BUDGET = 150 * 1024;
console.log(`dashboard built into ${out}; patrol app ${(gz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (gz > BUDGET) {
  console.error('web/build.mjs: the patrol app is over its 150 KB gzipped budget');
  process.exit(1);
}
await writeFile(join(patrol, 'size.json'), JSON.stringify({ gzipBytes: gz, files: ['patrol.js', 'sw.js', ...shell] }));
