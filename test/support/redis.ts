import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

/** A real `redis-server` on 127.0.0.1, on a port nobody else uses, that a test can kill and bring back. */
export interface RedisServer {
  url: string;
  port: number;
  /** Kills the server outright (SIGKILL), losing everything it held, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it for good; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Debian's `redis-server` (installed by `scripts/redis.sh`), with persistence off. */
export async function startRedis(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed: run `bash scripts/redis.sh` (or `bash scripts/test.sh`, which does).');
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  const stopChild = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  // A test process that dies must not leave a server behind.
  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: 'ignore',
    });
    await untilAnswering(port);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: stopChild,
    start,
    stop: async () => {
      process.off('exit', onExit);
      await stopChild();
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function untilAnswering(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}
