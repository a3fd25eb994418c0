// Deno: `deno run --allow-net --no-prompt deno.js <upstream> <refusedPort> <canary>`; prints the
// address it listens on. No other permission: an environment read would fail the run.
import { createApp } from './app.js';

const [upstream, refusedPort, canary] = Deno.args;
const app = createApp({ upstream, refusedPort, canary });
Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`) }, app.fetch);
