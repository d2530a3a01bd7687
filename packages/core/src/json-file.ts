import { readFileSync } from 'node:fs';
import { JitError } from './errors.js';

/**
 * Parses JSON and reports a syntax error by line and column only. V8's own message quotes the
 * surrounding text, which for a config file may be a secret, so it is never passed on.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(raw);
    let where = '';
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    } else if (/end of (JSON )?input/i.test(raw)) {
      where = ' (the file ends too early)';
    }
    throw new JitError('JSON_INVALID', `${file}: invalid JSON${where}`, { file });
  }
}

/**
 * Reads a JSON file synchronously: loadApp reads thousands of small files at boot, where one
 * blocking read each is several times faster than the open/fstat/read/close round trips of
 * fs/promises through the thread pool.
 */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new JitError(code === 'ENOENT' ? 'NOT_FOUND' : 'JSON_INVALID', `${file}: cannot read (${code ?? 'error'})`, { file });
  }
  // A UTF-8 BOM is common in files saved by Windows editors; JSON.parse rejects it.
  return parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
}
