/**
 * A census of the interpreter's fused code: which ops, which pairs and triples of consecutive ops inside a group,
 * and which plain (unfused) instructions are left, over every function that ran — the evidence for choosing
 * fused-op families by frequency on real modules rather than on one benchmark.
 *
 * Two ways to run it (after `npm run build`):
 *
 *   node tools/op-census.mjs programs/sieve.wasm 3            # a bench program: instantiate, run(3), count
 *   EDGEDANCER_BENCH_ENGINE=facade EDGEDANCER_CENSUS=/tmp/c.json \
 *     node --import ./packages/use-engine.mjs --import ./tools/op-census.mjs packages/workloads/sql-js.mjs
 *
 * The second form preloads it beside the facade: it records every module the package instantiates and writes the
 * counts to the file at exit. Counts are static (each op once per function whose fused copy was made, i.e.
 * every function that was called), weighted by nothing else; `--top N` (or `EDGEDANCER_CENSUS_TOP`) bounds the
 * lists printed.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { disassemble, Module, Store } from '@edgedancer/interpreter';

/** Counts op names, pairs and triples in the fused copies of the functions of `modules`. */
function census(modules) {
  const ops = new Map();
  const pairs = new Map();
  const triples = new Map();
  let functions = 0;
  const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const mod of modules) {
    for (const c of mod.compiled.funcs) {
      if (c.groups === null || c.groups === undefined) continue;
      functions++;
      const lines = disassemble(c).split('\n');
      const at = lines.findIndex((l) => l.startsWith('fused code'));
      let group = [];
      const close = () => {
        for (let i = 0; i < group.length; i++) {
          bump(ops, group[i]);
          if (i + 1 < group.length) bump(pairs, `${group[i]} → ${group[i + 1]}`);
          if (i + 2 < group.length) bump(triples, `${group[i]} → ${group[i + 1]} → ${group[i + 2]}`);
        }
        group = [];
      };
      for (const line of lines.slice(at + 1)) {
        if (line.startsWith('>')) close();
        group.push(line.slice(1).trim().split(/\s+/)[1]);
      }
      close();
    }
  }
  const top = (m, n) => [...m.entries()].sort((p, q) => q[1] - p[1]).slice(0, n);
  return { functions, top: (n) => ({ ops: top(ops, n), pairs: top(pairs, n), triples: top(triples, n) }) };
}

function print(result, n) {
  const t = result.top(n);
  console.log(`functions with fused code: ${result.functions}`);
  for (const [title, list] of [
    ['ops', t.ops],
    ['pairs', t.pairs],
    ['triples', t.triples],
  ]) {
    console.log(`\n${title}:`);
    for (const [k, v] of list) console.log(`${String(v).padStart(7)}  ${k}`);
  }
}

const topN = Number(process.env.EDGEDANCER_CENSUS_TOP ?? 30);
const out = process.env.EDGEDANCER_CENSUS;
if (out !== undefined) {
  // Preloaded: record every module instantiated through the global WebAssembly (the facade).
  const modules = new Set();
  const W = globalThis.WebAssembly;
  const Instance = W.Instance;
  const instantiate = W.instantiate;
  const Recording = function RecordingInstance(module, imports) {
    modules.add(module);
    return Reflect.construct(Instance, [module, imports], new.target ?? Instance);
  };
  Recording.prototype = Instance.prototype;
  const ns = Object.create(Object.getPrototypeOf(W));
  for (const k of Reflect.ownKeys(W)) Object.defineProperty(ns, k, Object.getOwnPropertyDescriptor(W, k));
  Object.defineProperty(ns, 'Instance', { value: Recording, writable: true, configurable: true });
  Object.defineProperty(ns, 'instantiate', {
    value: async (...args) => {
      const r = await instantiate.apply(W, args);
      modules.add(r.module ?? args[0]);
      return r;
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(globalThis, 'WebAssembly', { value: ns, writable: true, configurable: true });
  process.on('exit', () => {
    const r = census([...modules].filter((m) => m?.compiled !== undefined));
    writeFileSync(out, `${JSON.stringify({ functions: r.functions, ...r.top(topN) }, null, 1)}\n`);
  });
} else if (process.argv[2] !== undefined) {
  const [file, n = '1'] = process.argv.slice(2);
  const module = new Module(readFileSync(file));
  const store = new Store();
  const inst = store.instantiate(module, []);
  store.invoke(store.exportOf(inst, 'run').addr, [{ type: 'i32', value: Number(n) }]);
  print(census([module]), topN);
}
