// A Cloudflare Worker: the configuration arrives as bindings (vars) with the first request, so
// the app is built then and kept for the isolate's life, as a real Worker keeps its cache. Built
// inside a request on purpose: whatever the library makes at construction then belongs to that
// request, and must still work for every later one (examples/runtimes/worker.ts builds at module
// scope instead, the other common way).
import { createApp } from './app.js';

let app;

export default {
  fetch(request, env, ctx) {
    app ??= createApp({ upstream: env.UPSTREAM, refusedPort: env.REFUSED_PORT, canary: env.CANARY });
    return app.fetch(request, env, ctx);
  },
};
