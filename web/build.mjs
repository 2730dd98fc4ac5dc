// Builds the dashboard into web/dist: one bundled script (esbuild), the page and the stylesheet.
// Everything the page loads comes from dist itself; nothing is fetched from a CDN.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  format: 'esm',
  target: ['chrome100', 'safari15', 'firefox100'],
  minify: true,
  sourcemap: true,
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));
await copyFile(join(here, 'src/style.css'), join(out, 'style.css'));
console.log(`dashboard built into ${out}`);
