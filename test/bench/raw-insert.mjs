// The raw-driver floors of issue 15: the same rows a first sync wrote, written with the driver
// itself and no query builder. SQLite: node-sqlite3 prepared multi-row INSERTs (200 rows per
// statement) in one transaction. PostgreSQL: COPY … FROM STDIN (csv) through pg-copy-streams.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';

const ROWS_PER_STATEMENT = 200;

const promisify = (fn) => new Promise((resolve, reject) => fn((err, out) => (err ? reject(err) : resolve(out))));

async function sqliteWrite(conn, table, rows) {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const sqlFor = (n) => `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(n).fill(tuple).join(',')}`;
  const full = conn.prepare(sqlFor(ROWS_PER_STATEMENT));
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
    const params = [];
    for (const r of rows.slice(i, i + ROWS_PER_STATEMENT)) for (const c of columns) params.push(r[c] ?? null);
    await promisify((cb) => full.run(params, cb));
  }
  await promisify((cb) => full.finalize(cb));
  if (i < rows.length) {
    const rest = rows.slice(i);
    const params = rest.flatMap((r) => columns.map((c) => r[c] ?? null));
    await promisify((cb) => conn.run(sqlFor(rest.length), params, cb));
  }
}

/** node-sqlite3: one transaction, prepared statements of 200 rows. */
export async function sqliteFloor(knex, tables, rows) {
  const conn = await knex.client.acquireConnection();
  try {
    // The page cache a sync's large write runs with (corps' withWriteCache; the connection's own is 16 MB).
    await promisify((cb) => conn.run('PRAGMA cache_size = -65536', cb));
    const t = performance.now();
    await promisify((cb) => conn.run('BEGIN', cb));
    for (const table of tables) await sqliteWrite(conn, table, rows[table]);
    await promisify((cb) => conn.run('COMMIT', cb));
    return performance.now() - t;
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

const csvValue = (v) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
};

/** PostgreSQL: one transaction, COPY … FROM STDIN per table. */
export async function postgresFloor(knex, tables, rows) {
  const conn = await knex.client.acquireConnection();
  try {
    const t = performance.now();
    await conn.query('BEGIN');
    for (const table of tables) {
      const list = rows[table];
      if (list.length === 0) continue;
      const columns = Object.keys(list[0]);
      const copy = conn.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(',')}) FROM STDIN WITH (FORMAT csv)`));
      async function* lines() {
        for (const r of list) yield `${columns.map((c) => csvValue(r[c])).join(',')}\n`;
      }
      await pipeline(Readable.from(lines()), copy);
    }
    await conn.query('COMMIT');
    return performance.now() - t;
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

/** MySQL (mysql2): one transaction, multi-row INSERTs of 2,000 rows (`VALUES ?` with nested arrays). */
export async function mysqlFloor(knex, tables, rows) {
  const conn = await knex.client.acquireConnection();
  const query = (sql, values) => promisify((cb) => conn.query(sql, values, cb));
  try {
    const t = performance.now();
    await query('START TRANSACTION');
    for (const table of tables) {
      const list = rows[table];
      if (list.length === 0) continue;
      const columns = Object.keys(list[0]);
      const sql = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES ?`;
      for (let i = 0; i < list.length; i += 2_000)
        await query(sql, [list.slice(i, i + 2_000).map((r) => columns.map((c) => r[c] ?? null))]);
    }
    await query('COMMIT');
    return performance.now() - t;
  } finally {
    await knex.client.releaseConnection(conn);
  }
}
