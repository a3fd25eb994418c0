// Bun: `bun bun.js <upstream> <refusedPort> <canary>`; prints the address it listens on.
import { createApp } from './app.js';

const [upstream, refusedPort, canary] = process.argv.slice(2);
const app = createApp({ upstream, refusedPort, canary });
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: app.fetch });
console.log(`listening on http://127.0.0.1:${server.port}`);
