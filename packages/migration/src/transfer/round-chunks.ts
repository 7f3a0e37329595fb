/**
 * A round's bytes, given as pieces in order (a full snapshot's small sections and its memories' runs, or one
 * encoded delta), cut into the stream's chunks: a chunk inside one piece is a view of it (sealed straight from
 * it, never copied); only a chunk that spans pieces is gathered into a buffer of its own.
 * @module
 */

/**
 * The chunks of a round.
 * @param pieces - the round's bytes in order
 * @param chunkSize - bytes per chunk (the last may be shorter)
 * @returns the chunks in order (views where possible)
 */
export function* chunksOf(pieces: readonly Uint8Array[], chunkSize: number): Generator<Uint8Array> {
  let i = 0;
  let off = 0;
  const left = (): number => {
    while (i < pieces.length && off === pieces[i]!.length) {
      i++;
      off = 0;
    }
    return i < pieces.length ? pieces[i]!.length - off : 0;
  };
  let total = pieces.reduce((n, p) => n + p.length, 0);
  while (total > 0) {
    const want = Math.min(chunkSize, total);
    if (left() >= want) {
      yield pieces[i]!.subarray(off, off + want);
      off += want;
    } else {
      const out = new Uint8Array(want);
      for (let at = 0; at < want; ) {
        const n = Math.min(left(), want - at);
        out.set(pieces[i]!.subarray(off, off + n), at);
        off += n;
        at += n;
      }
      yield out;
    }
    total -= want;
  }
}
