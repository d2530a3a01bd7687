import type { SyncProgress } from '@jitkit/corps';

/**
 * Sync progress: a bar redrawn in place on a terminal, one plain line per phase otherwise
 * (logs and CI keep readable output).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (p: SyncProgress) => void; done: () => void } {
  const tty = Boolean(stream.isTTY);
  let lastPhase = '';
  let lastDraw = 0;
  const draw = (p: SyncProgress) => {
    const width = 30;
    const ratio = p.total ? Math.min(1, (p.done ?? 0) / p.total) : 0;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const count = p.total ? ` ${p.done}/${p.total}` : '';
    stream.write(`\r${p.phase.padEnd(6)} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}%${count}   `);
  };
  return {
    onProgress: (p) => {
      if (tty) {
        const now = Date.now();
        if (p.phase !== lastPhase || now - lastDraw > 80 || p.done === p.total) {
          draw(p);
          lastDraw = now;
        }
      } else if (p.phase !== lastPhase && p.phase !== 'done') {
        stream.write(`${p.phase}…\n`);
      }
      lastPhase = p.phase;
    },
    done: () => {
      if (tty) stream.write('\r' + ' '.repeat(60) + '\r');
    },
  };
}
