function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` names close to `wanted` (edit distance, case-insensitive), for "did you mean". */
export function closestNames(wanted: string, names: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    const d = n.includes(w) || w.includes(n) ? Math.abs(n.length - w.length) / 2 : distance(w, n);
    if (d <= Math.max(2, Math.floor(w.length / 3))) scored.push({ name, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}
