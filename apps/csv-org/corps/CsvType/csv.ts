import { readFileSync } from 'node:fs';
import { JitError } from '@jitkit/core';

/**
 * Reads a CSV file with a header line into records keyed by column name. Fields may be quoted
 * ("a, b" and "say ""hi"""). Every error names the file, the line and what is wrong.
 */
export function readCsv(file: string, columns: readonly string[]): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new JitError('CONFIG_INVALID', `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitLine(lines[0] ?? '', file, 1);
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new JitError('CONFIG_INVALID', `${file}:1: the header lacks ${missing.join(', ')} (expected ${columns.join(',')})`, { file });
  return lines.slice(1).map((line, i) => {
    const cells = splitLine(line, file, i + 2);
    if (cells.length !== header.length)
      throw new JitError('CONFIG_INVALID', `${file}:${i + 2}: ${cells.length} fields, the header has ${header.length}`, {
        file,
        line: i + 2,
      });
    return Object.fromEntries(header.map((h, k) => [h, cells[k]!.trim()]));
  });
}

function splitLine(line: string, file: string, lineNo: number): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') quoted = true;
    else if (c === ',') (out.push(cell), (cell = ''));
    else cell += c;
  }
  if (quoted) throw new JitError('CONFIG_INVALID', `${file}:${lineNo}: a quoted field is not closed`, { file, line: lineNo });
  out.push(cell);
  return out;
}
