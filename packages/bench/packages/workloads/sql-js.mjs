/**
 * sql.js (SQLite, Emscripten): create a table, 800 inserts through a prepared statement, a self-join and a
 * GROUP BY, and the database file.
 * @module
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export const meta = { pkg: 'sql.js', kind: 'database', workload: '800 inserts, join, group by, export' };

export async function run() {
  const initSqlJs = createRequire(import.meta.url)('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, v REAL)');
  db.run('CREATE INDEX t_grp ON t(grp)');
  db.run('BEGIN');
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  for (let i = 0; i < 800; i++) insert.run([i, i % 23, `name${(i * 7919) % 1000}`, ((i * 37) % 101) / 7]);
  insert.free();
  db.run('COMMIT');
  const groups = db.exec('SELECT grp, count(*), sum(v), max(name), min(name) FROM t GROUP BY grp ORDER BY grp');
  const pairs = db.exec(
    'SELECT count(*), sum(a.v * b.v) FROM t a JOIN t b ON a.grp = b.grp AND a.id < b.id WHERE a.name < b.name',
  );
  const file = createHash('sha256').update(db.export()).digest('hex');
  db.close();
  return JSON.stringify({ groups, pairs, file });
}
