/**
 * Automerge (Rust CRDT, wasm-bindgen): 40 changes on a document, a fork with concurrent edits on both sides, a
 * merge, save and load. Actors are fixed; the
 * result is what the saved bytes load as (they also hold wall-clock times).
 * @module
 */
export const meta = {
  pkg: '@automerge/automerge',
  kind: 'CRDT (EH)',
  workload: '40 changes, fork, concurrent edits, merge, save/load',
};

export async function run() {
  const A = await import('@automerge/automerge');
  let doc = A.from({ items: [], text: 'edge', counts: {} }, { actor: '0a'.repeat(16) });
  for (let i = 0; i < 40; i++) {
    doc = A.change(doc, { time: 0, message: `c${i}` }, (d) => {
      d.items.push({ i, name: `item ${i}` });
      d.counts[`k${i % 13}`] = (d.counts[`k${i % 13}`] ?? 0) + i;
      if (i % 8 === 0) A.splice(d, ['text'], d.text.length, 0, ` ${i}`);
    });
  }
  let other = A.clone(doc, { actor: '0b'.repeat(16) });
  for (let i = 0; i < 10; i++) {
    doc = A.change(doc, { time: 0 }, (d) => {
      d.items[i].name = `left ${i}`;
    });
    other = A.change(other, { time: 0 }, (d) => {
      d.items[i + 1].name = `right ${i}`;
      d.items.splice(20 + i, 1);
    });
  }
  const merged = A.merge(doc, other);
  const saved = A.save(merged);
  const loaded = A.load(saved);
  // The saved bytes hold wall-clock timestamps (of `from` and `clone`): compare what they decode to.
  return JSON.stringify({
    doc: A.toJS(loaded),
    conflicts: A.getConflicts(loaded.items[1], 'name') ?? null,
    changes: A.getAllChanges(loaded).length,
    history: A.getHistory(loaded).map((s) => s.change.message ?? null),
  });
}
