// Bundles the console page's script and styles (uPlot included) into the jar's resources, so the
// page fetches nothing from outside the console at run time. Run by Maven (exec-maven-plugin,
// generate-resources) after `npm ci`.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../../target/classes/io/osprey/console/web/app.js');

await esbuild.build({
  entryPoints: [path.join(here, 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100', 'firefox100', 'safari15'],
  outfile: out,
  logLevel: 'warning',
});
console.log('console bundled to ' + path.relative(process.cwd(), out));
