/** The one stream the progress line writes to; only `isTTY` and `write` are used. */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface Progress {
  stop(): void;
}

const FRAMES = ['|', '/', '-', '\\'];
const INTERVAL_MS = 100;

/**
 * A spinner with a message, drawn on stderr and erased when done. On anything but a terminal
 * (a pipe, a CI log, a file) it draws nothing at all, so captured output stays clean.
 */
export function startProgress(stream: ProgressStream, message: string): Progress {
  if (!stream.isTTY) return { stop() {} };
  let frame = 0;
  const draw = () => {
    stream.write(`\r\u001b[2K${FRAMES[frame % FRAMES.length]} ${message}`);
    frame += 1;
  };
  draw();
  const timer = setInterval(draw, INTERVAL_MS);
  // A spinner must never be the reason the process stays alive.
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
  };
}
