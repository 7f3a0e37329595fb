/**
 * Run by `js-tier.test.ts` under `--disallow-code-generation-from-strings`: a store asking for the JavaScript
 * tier runs a module (bytes in hex as the argument) and reports whether the tier stayed on and the result.
 * @module
 */
import { i32, Module, Store } from '../../src/index.js';

const store = new Store({ tier: 'js' });
const inst = store.instantiate(new Module(new Uint8Array(Buffer.from(process.argv[2]!, 'hex'))), []);
const r = store.call(store.exportOf(inst, 'hot')!.addr, [i32(500), i32(-1)]).run();
if (r.status !== 'done') throw new Error(`run ended ${r.status}`);
const tier = store.jsTier!;
process.stdout.write(
  JSON.stringify({
    enabled: tier.enabled,
    translated: tier.stats.translated,
    result: String((r.results[0] as { value: bigint }).value),
  }),
);
