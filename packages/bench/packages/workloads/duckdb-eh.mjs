/**
 * DuckDB (C++, Emscripten), its build with WebAssembly exception handling (`duckdb-eh.wasm`), through the
 * package's blocking Node API: a generated table of 5,000 rows, a GROUP BY with a window function and a join.
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const meta = {
  pkg: '@duckdb/duckdb-wasm',
  kind: 'database (EH)',
  workload: 'eh build: 5k-row table, group by, window, join',
};

export async function run() {
  const require = createRequire(import.meta.url);
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const features = await duckdb.getPlatformFeatures();
  if (!features.wasmExceptions) throw new Error('the engine does not report WebAssembly exception handling');
  const eh = { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') };
  const db = await duckdb.createDuckDB({ mvp: eh, eh }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  const conn = db.connect();
  conn.query('CREATE TABLE t AS SELECT i AS id, i % 37 AS grp, (i * 7919) % 1000 AS v FROM range(5000) r(i)');
  const rows = (sql) =>
    conn
      .query(sql)
      .toArray()
      .map((r) => JSON.stringify(r.toJSON(), (_, x) => (typeof x === 'bigint' ? `${x}` : x)));
  const out = [
    ...rows('SELECT grp, count(*) AS n, sum(v) AS s, max(v) AS m FROM t GROUP BY grp ORDER BY grp'),
    ...rows(
      'SELECT grp, id, rank() OVER (PARTITION BY grp ORDER BY v DESC, id) AS r FROM t QUALIFY r <= 2 ORDER BY grp, r',
    ),
    ...rows('SELECT count(*) AS n FROM t a JOIN t b ON a.id = b.v'),
  ];
  conn.close();
  return out.join('\n');
}
