// Runs a bundled Worker in workerd through miniflare, on 127.0.0.1, with no network beyond what
// the Worker itself fetches and no Cloudflare account. Started on Node 22 (miniflare's minimum)
// by workerd.ts: `node workerd-host.mjs <runtimes dir> <worker.js> <compatibility date> <vars JSON>`.
// Prints `listening on <url>`; SIGTERM disposes miniflare, which ends workerd.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [runtimes, scriptPath, compatibilityDate, vars] = process.argv.slice(2);
// miniflare 5 takes a new option shape; it converts the documented v4 shape, used here.
const { Miniflare, Log, LogLevel, convertV4MiniflareOptions } = await import(pathToFileURL(join(runtimes, 'node_modules', 'miniflare', 'dist', 'src', 'index.js')).href);

const mf = new Miniflare(convertV4MiniflareOptions({
  // A name of its own: two hosts at once (one per test file) must not answer for each other.
  name: `probe-${process.pid}`,
  modules: true,
  scriptPath,
  compatibilityDate,
  bindings: JSON.parse(vars),
  host: '127.0.0.1',
  port: 0,
  // The placeholder `request.cf`: miniflare would otherwise fetch a real one from Cloudflare.
  cf: false,
  // The Worker's console output reaches this process's stdout, where the test searches it.
  log: new Log(LogLevel.WARN),
}));
const url = await mf.ready;
console.log(`listening on ${url.origin}`);

const stop = () => mf.dispose().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
