/**
 * Benchmark of the enclave simulation (a script, not a test): sealing and unsealing throughput, sealed-page
 * write-back and reload throughput, quotes generated and verified per second, and the cost of running a
 * workload inside an agent enclave against running it with the interpreter directly. Run with
 * `npm run bench -w @edgedancer/enclave-sim`; add `--json` for machine-readable output.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FuncType, Module, Store } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { type AgentBuild, measureAgent } from '../src/agent-build.js';
import { createEnclave } from '../src/agent-enclave.js';
import { sha256 } from '../src/crypto.js';
import { initEnclave } from '../src/enclave-context.js';
import { EnclaveSigner } from '../src/manifest.js';
import { SealedPageStore } from '../src/page-store.js';
import { Platform } from '../src/platform.js';
import { provisionPlatform } from '../src/provision.js';
import { verifyQuote } from '../src/quote-verifier.js';
import { VendorRoot } from '../src/vendor-root.js';

const json = process.argv.includes('--json');
const results: Record<string, unknown> = {};
const MiB = 1024 * 1024;

function log(line: string): void {
  if (!json) console.log(line);
}

/** Runs `fn` repeatedly for at least `minMs` and returns operations per second. */
function rate(fn: () => void, minMs = 400): number {
  fn();
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = performance.now() - start;
  }
  return (n * 1000) / elapsed;
}

const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
try {
  const vendor = VendorRoot.generate();
  provisionPlatform(vendor, join(dir, 'platform'));
  const platform = Platform.open(join(dir, 'platform'));
  const author = EnclaveSigner.generate();
  const mrEnclave = sha256(Buffer.from('bench enclave'));
  const inside = initEnclave(platform, mrEnclave, author.sign({ mrEnclave, isvProdId: 1, isvSvn: 1 }));

  log('## Sealing (AES-256-GCM, fresh key per blob)');
  log('| size | seal MB/s | unseal MB/s |');
  log('| ---: | ---: | ---: |');
  const sealing: Record<string, { seal: number; unseal: number }> = {};
  for (const size of [4096, 65536, MiB, 16 * MiB]) {
    const data = new Uint8Array(size).fill(0x5a);
    const blob = inside.seal(data);
    const r = interleaved({ seal: () => inside.seal(data), unseal: () => inside.unseal(blob) }, 5, 200);
    const seal = (r.seal! * size) / MiB;
    const unseal = (r.unseal! * size) / MiB;
    sealing[size] = { seal, unseal };
    log(`| ${size >= MiB ? `${size / MiB} MiB` : `${size / 1024} KiB`} | ${seal.toFixed(0)} | ${unseal.toFixed(0)} |`);
  }
  results.sealing = sealing;

  log('\n## Sealed pages (4 KiB, EPC budget of 1 page: every touch is a write-back and a reload)');
  const pages = new SealedPageStore({ residentPages: 1 });
  const page = new Uint8Array(4096).fill(7);
  let next = 0;
  const pageOps = rate(() => {
    pages.write(next & 1023, page);
    next++;
  });
  const pageMBs = (pageOps * 4096) / MiB;
  results.pages = { writeBackAndReloadPerSecond: pageOps, MBps: pageMBs };
  log(`${pageOps.toFixed(0)} page evictions+touches/s (${pageMBs.toFixed(0)} MB/s)`);

  log('\n## Attestation (ECDSA P-256)');
  const rd = new Uint8Array(64).fill(1);
  const quote = inside.quote(rd);
  const policy = { trustedRoot: vendor.certificate, mrEnclave };
  const quotesPerSecond = rate(() => inside.quote(rd));
  const verifiesPerSecond = rate(() => verifyQuote(quote, policy));
  results.quotes = { generatedPerSecond: quotesPerSecond, verifiedPerSecond: verifiesPerSecond };
  log(`quotes generated: ${quotesPerSecond.toFixed(0)}/s (report + MAC check + signature)`);
  log(`quotes verified:  ${verifiesPerSecond.toFixed(0)}/s (chain of 3 certificates + quote signature + policy)`);

  log('\n## Workload inside the enclave against outside (same interpreter)');
  const module = sieveModule();
  const build: AgentBuild = { module, config: { maxMemoryPages: 2, ecalls: ['sieve', 'add'], ocalls: [] } };
  const manifest = author.sign({ mrEnclave: measureAgent(build).mrEnclave, isvProdId: 1, isvSvn: 1 });
  const enclave = createEnclave(platform, build, manifest);
  const parkedEnclave = createEnclave(platform, build, manifest, { epcPages: 16 });
  const store = new Store();
  const instance = store.instantiate(new Module(module), []);
  const sieveAddr = store.exportOf(instance, 'sieve')!.addr;
  const addAddr = store.exportOf(instance, 'add')!.addr;
  const n = 100_000;
  const expected = 9592;
  const outsideResult = store.invoke(sieveAddr, [{ type: 'i32', value: n }]);
  if (
    (outsideResult[0] as { value: number }).value !== expected ||
    enclave.ecall('sieve', n) !== expected ||
    parkedEnclave.ecall('sieve', n) !== expected
  ) {
    throw new Error('sieve gave a wrong count');
  }
  const sieveArgs = [{ type: 'i32', value: n }] as const;
  const sieve = interleaved(
    {
      outside: () => store.invoke(sieveAddr, sieveArgs),
      inside: () => enclave.ecall('sieve', n),
      parked: () => parkedEnclave.ecall('sieve', n),
    },
    7,
    400,
  );
  const add = interleaved(
    {
      outside: () =>
        store.invoke(addAddr, [
          { type: 'i32', value: 1 },
          { type: 'i32', value: 2 },
        ]),
      inside: () => enclave.ecall('add', 1, 2),
      parked: () => parkedEnclave.ecall('add', 1, 2),
    },
    7,
    200,
  );
  const [outside, insideRate, parkedRate] = [sieve.outside!, sieve.inside!, sieve.parked!];
  const [addOutside, addInside, addParked] = [add.outside!, add.inside!, add.parked!];
  results.workload = {
    sieve: {
      n,
      outsidePerSecond: outside,
      insidePerSecond: insideRate,
      insideParkedPerSecond: parkedRate,
      overhead: outside / insideRate - 1,
      parkedOverhead: outside / parkedRate - 1,
    },
    emptyCall: { outsidePerSecond: addOutside, insidePerSecond: addInside, insideParkedPerSecond: addParked },
  };
  log('| run | outside /s | inside /s | overhead | inside, parked between calls /s | overhead |');
  log('| --- | ---: | ---: | ---: | ---: | ---: |');
  log(
    `| sieve(${n}) | ${outside.toFixed(1)} | ${insideRate.toFixed(1)} | ${pct(outside / insideRate - 1)} | ${parkedRate.toFixed(1)} | ${pct(outside / parkedRate - 1)} |`,
  );
  log(
    `| add(1, 2) | ${addOutside.toFixed(0)} | ${addInside.toFixed(0)} | ${pct(addOutside / addInside - 1)} | ${addParked.toFixed(0)} | ${pct(addOutside / addParked - 1)} |`,
  );
  log(
    '(parked: 128 KiB of agent memory against a 64 KiB EPC budget, so every call unseals and every return seals the memory)',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (json) console.log(JSON.stringify(results, null, 2));

/** Measures each function in turn, `rounds` times, and returns each one's median rate (ops/s). */
function interleaved(fns: Record<string, () => unknown>, rounds: number, msPerRound: number): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(fns)) (samples[name] ??= []).push(rate(fn, msPerRound));
  }
  const out: Record<string, number> = {};
  for (const [name, xs] of Object.entries(samples)) out[name] = xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/**
 * `for (; counter < limit; counter += step) body`, as wasm: a block around a loop that leaves when
 * `counter >= limit` (unsigned), runs `body`, adds `step` (a local index) or 1 (when `step` is undefined).
 */
function countedLoop(counter: number, limit: number, body: number[], step?: number): number[] {
  const increment = step === undefined ? I.i32Const(1) : I.localGet(step);
  return [
    ...I.block,
    ...I.loop,
    ...I.localGet(counter),
    ...I.localGet(limit),
    ...I.i32GeU,
    ...I.brIf(1),
    ...body,
    ...I.localGet(counter),
    ...increment,
    ...I.i32Add,
    ...I.localSet(counter),
    ...I.br(0),
    ...I.end,
    ...I.end,
  ];
}

/** A sieve of Eratosthenes over memory bytes: `sieve(n)` counts the primes below n; `add(a, b)` is an empty call. */
function sieveModule(): Uint8Array {
  const [n, i, j, count] = [0, 1, 2, 3];
  const iff = [0x04, 0x40];
  const sig: FuncType = { params: [T.i32], results: [T.i32] };
  const clear = [...I.localGet(i), ...I.i32Const(0), ...I.i32Store8()];
  const mark = [...I.localGet(j), ...I.i32Const(1), ...I.i32Store8()];
  const visit = [
    ...I.localGet(i),
    ...I.i32Load8U(),
    ...I.i32Eqz,
    ...iff,
    ...I.localGet(count),
    ...I.i32Const(1),
    ...I.i32Add,
    ...I.localSet(count),
    ...I.localGet(i),
    ...I.i32Const(1),
    ...I.i32Shl,
    ...I.localSet(j),
    ...countedLoop(j, n, mark, i),
    ...I.end,
  ];
  return buildModule({
    memory: { min: 2, max: 2 },
    funcs: [
      {
        export: 'sieve',
        ...sig,
        locals: [T.i32, T.i32, T.i32],
        body: [
          ...I.i32Const(0),
          ...I.localSet(i),
          ...countedLoop(i, n, clear),
          ...I.i32Const(2),
          ...I.localSet(i),
          ...countedLoop(i, n, visit),
          ...I.localGet(count),
        ],
      },
      {
        export: 'add',
        params: [T.i32, T.i32],
        results: [T.i32],
        body: [...I.localGet(0), ...I.localGet(1), ...I.i32Add],
      },
    ],
  });
}
