// wordtree: a word-count service as an Edgedancer mobile agent, in Kotlin compiled to WasmGC (Kotlin/Wasm, WASI
// target). Its state is a persistent (immutable) AVL tree of words on the garbage-collected heap: every update
// builds a new root and shares the subtrees it did not touch, and the last VERSIONS roots stay queryable.
//
// A request is one command byte and its argument; numbers are little-endian, responses are binary:
//   'a' <text>                       count the words of <text> (ASCII letters, digits, '; lower-cased)
//                                                                  -> size:i32 total:i64
//   'g' <n:u32> <seed:u32>           add <n> generated words (xorshift32 from <seed>)  -> size:i32 height:i32
//   'q' <word>                       the count of <word> in the current tree           -> count:i32
//   'v' <back:u32> <word>            the count of <word> <back> versions ago           -> count:i32 (-1: gone)
//   'k' <rank:u32>                   the word of rank <rank> in order                  -> UTF-8 bytes
//   's'                              summary -> size:i32 height:i32 total:i64 digest:i64 versions:i32
//   'r' <rounds:u32> [<node>]        rebuild the tree <rounds> times (every word re-inserted, in a
//                                    permuted order, into a new tree); with <node>, migrate there (strong)
//                                    at round rounds/2 and finish on arrival
//                                                                  -> digest:i64 status:i32 size:i32 height:i32
//   'n'                              the current node's name                           -> UTF-8 bytes
//
// Linear memory holds only the request and the response on their way in and out: alloc and handle take room
// from Kotlin's scoped allocator, and handle copies the request into a ByteArray before anything else.
@file:OptIn(UnsafeWasmMemoryApi::class, ExperimentalWasmInterop::class)

import kotlin.wasm.ExperimentalWasmInterop
import kotlin.wasm.WasmExport
import kotlin.wasm.WasmImport
import kotlin.wasm.unsafe.MemoryAllocator
import kotlin.wasm.unsafe.Pointer
import kotlin.wasm.unsafe.UnsafeWasmMemoryApi
import kotlin.wasm.unsafe.withScopedMemoryAllocator

@WasmImport("edgedancer", "migrate")
external fun edMigrate(ptr: Int, len: Int): Int

@WasmImport("edgedancer", "node_name")
external fun edNodeName(ptr: Int, len: Int): Int

@WasmImport("edgedancer", "log")
external fun edLog(ptr: Int, len: Int)

const val MAX_REQUEST = 1 shl 20
const val VERSIONS = 8
const val FNV_OFFSET = -0x340d631b7bdddcdbL // 0xcbf29ce484222325
const val FNV_PRIME = 0x100000001b3L

/** A node of the persistent tree: a word and its count. A leaf has no children; a branch has one or two. */
sealed class Tree(val word: ByteArray, val count: Int)

class Leaf(word: ByteArray, count: Int) : Tree(word, count)

class Branch(word: ByteArray, count: Int, val left: Tree?, val right: Tree?, val height: Int, val size: Int) :
    Tree(word, count)

fun heightOf(t: Tree?): Int = when (t) {
    null -> 0
    is Leaf -> 1
    is Branch -> t.height
}

fun sizeOf(t: Tree?): Int = when (t) {
    null -> 0
    is Leaf -> 1
    is Branch -> t.size
}

fun leftOf(t: Tree): Tree? = if (t is Branch) t.left else null

fun rightOf(t: Tree): Tree? = if (t is Branch) t.right else null

fun node(word: ByteArray, count: Int, l: Tree?, r: Tree?): Tree =
    if (l == null && r == null) {
        Leaf(word, count)
    } else {
        val hl = heightOf(l)
        val hr = heightOf(r)
        Branch(word, count, l, r, 1 + (if (hl > hr) hl else hr), 1 + sizeOf(l) + sizeOf(r))
    }

/** Builds a node whose children differ in height by at most 2, rotating it back into AVL balance. */
fun balance(word: ByteArray, count: Int, l: Tree?, r: Tree?): Tree {
    val hl = heightOf(l)
    val hr = heightOf(r)
    if (hl > hr + 1) {
        val lb = l as Branch // taller by 2 than a sibling: it has children
        if (heightOf(lb.left) >= heightOf(lb.right)) {
            return node(lb.word, lb.count, lb.left, node(word, count, lb.right, r))
        }
        val lr = lb.right as Tree
        return node(lr.word, lr.count, node(lb.word, lb.count, lb.left, leftOf(lr)), node(word, count, rightOf(lr), r))
    }
    if (hr > hl + 1) {
        val rb = r as Branch
        if (heightOf(rb.right) >= heightOf(rb.left)) {
            return node(rb.word, rb.count, node(word, count, l, rb.left), rb.right)
        }
        val rl = rb.left as Tree
        return node(rl.word, rl.count, node(word, count, l, leftOf(rl)), node(rb.word, rb.count, rightOf(rl), rb.right))
    }
    return node(word, count, l, r)
}

/** Lexicographic order of unsigned bytes. */
fun compareWords(a: ByteArray, b: ByteArray): Int {
    val n = if (a.size < b.size) a.size else b.size
    for (i in 0 until n) {
        val x = a[i].toInt() and 0xff
        val y = b[i].toInt() and 0xff
        if (x != y) return x - y
    }
    return a.size - b.size
}

/** A new tree where `word` counts `delta` more; `t` is left as it was. */
fun add(t: Tree?, word: ByteArray, delta: Int): Tree {
    if (t == null) return Leaf(word, delta)
    val c = compareWords(word, t.word)
    if (c == 0) return node(t.word, t.count + delta, leftOf(t), rightOf(t))
    return if (c < 0) {
        balance(t.word, t.count, add(leftOf(t), word, delta), rightOf(t))
    } else {
        balance(t.word, t.count, leftOf(t), add(rightOf(t), word, delta))
    }
}

fun countOf(t: Tree?, word: ByteArray): Int {
    var n = t
    while (n != null) {
        val c = compareWords(word, n.word)
        if (c == 0) return n.count
        n = if (c < 0) leftOf(n) else rightOf(n)
    }
    return 0
}

/** The node of rank `k` (0-based, in word order), or null. */
fun atRank(t: Tree?, k: Int): Tree? {
    var n = t
    var i = k
    while (n != null) {
        val ls = sizeOf(leftOf(n))
        if (i < ls) {
            n = leftOf(n)
        } else if (i == ls) {
            return n
        } else {
            i -= ls + 1
            n = rightOf(n)
        }
    }
    return null
}

/** The nodes of `t` in word order into `out` from `at`; returns the next free index. */
fun collect(t: Tree?, out: Array<Tree?>, at: Int): Int {
    if (t == null) return at
    val i = collect(leftOf(t), out, at)
    out[i] = t
    return collect(rightOf(t), out, i + 1)
}

fun mixByte(h: Long, b: Int): Long = (h xor (b.toLong() and 0xff)) * FNV_PRIME

fun mixInt(h: Long, v: Int): Long = mixByte(mixByte(mixByte(mixByte(h, v), v ushr 8), v ushr 16), v ushr 24)

/** FNV-1a-64 over every word, a zero byte and its count, in word order. */
fun digestOf(t: Tree?, seed: Long): Long {
    if (t == null) return seed
    var h = digestOf(leftOf(t), seed)
    for (b in t.word) h = mixByte(h, b.toInt())
    h = mixInt(mixByte(h, 0), t.count)
    return digestOf(rightOf(t), h)
}

fun totalOf(t: Tree?): Long = if (t == null) 0L else t.count.toLong() + totalOf(leftOf(t)) + totalOf(rightOf(t))

// The agent's state: the current root and the last VERSIONS roots (a ring), all on the GC heap.
var root: Tree? = null
var versions: Array<Tree?> = arrayOfNulls(VERSIONS)
var versionCount = 0

fun commit(t: Tree?) {
    root = t
    versions[versionCount % VERSIONS] = t
    versionCount++
}

/** Whether `b` belongs to a word; upper-case letters are folded by `fold`. */
fun isWordByte(b: Int): Boolean =
    (b >= 'a'.code && b <= 'z'.code) || (b >= 'A'.code && b <= 'Z'.code) || (b >= '0'.code && b <= '9'.code) ||
        b == '\''.code

fun fold(b: Byte): Byte = if (b >= 'A'.code.toByte() && b <= 'Z'.code.toByte()) (b + 32).toByte() else b

fun addText(text: ByteArray, from: Int) {
    var t = root
    var i = from
    while (i < text.size) {
        while (i < text.size && !isWordByte(text[i].toInt())) i++
        val start = i
        while (i < text.size && isWordByte(text[i].toInt())) i++
        if (i > start) {
            val word = text.copyOfRange(start, i)
            for (k in word.indices) word[k] = fold(word[k])
            t = add(t, word, 1)
        }
    }
    commit(t)
}

fun generate(n: Int, seed: Int) {
    var x = if (seed == 0) 0x2545f491 else seed
    var t = root
    for (i in 0 until n) {
        x = x xor (x shl 13)
        x = x xor (x ushr 17)
        x = x xor (x shl 5)
        val word = ByteArray(4 + ((x ushr 8) and 7))
        var y = x
        for (k in word.indices) {
            word[k] = ('a'.code + ((y ushr 1) and 0x7fffffff) % 26).toByte()
            y = y * 1103515245 + 12345
        }
        t = add(t, word, 1)
    }
    commit(t)
}

/** Re-inserts every word of the current tree into a new tree, `rounds` times; migrates to `dest` halfway. */
fun rebuild(rounds: Int, dest: ByteArray?, out: Response) {
    var t = root
    var h = FNV_OFFSET
    var status = 0
    for (r in 0 until rounds) {
        if (dest != null && r == rounds / 2) {
            status = migrateTo(dest)
            say(if (status == 0) "wordtree: rebuild moved" else "wordtree: rebuild stayed")
        }
        val n = sizeOf(t)
        val nodes = arrayOfNulls<Tree>(n)
        collect(t, nodes, 0)
        val step = if (n % 7919 != 0) 7919 else 7907 // prime, so coprime with n: a permutation
        var nt: Tree? = null
        for (i in 0 until n) {
            val e = nodes[((i.toLong() * step + r) % n).toInt()] as Tree
            nt = add(nt, e.word, e.count)
        }
        h = mixInt(digestOf(nt, h), heightOf(nt))
        t = nt
    }
    commit(t)
    out.long(h)
    out.int(status)
    out.int(sizeOf(t))
    out.int(heightOf(t))
}

/** A growable response buffer on the GC heap. */
class Response {
    var bytes = ByteArray(64)
    var size = 0

    fun byte(b: Int) {
        if (size == bytes.size) bytes = bytes.copyOf(bytes.size * 2)
        bytes[size++] = b.toByte()
    }

    fun int(v: Int) {
        for (k in 0 until 4) byte(v ushr (8 * k))
    }

    fun long(v: Long) {
        int(v.toInt())
        int((v ushr 32).toInt())
    }

    fun all(b: ByteArray) {
        for (x in b) byte(x.toInt())
    }
}

fun u32(req: ByteArray, at: Int): Int =
    if (at + 4 > req.size) {
        0
    } else {
        (req[at].toInt() and 0xff) or ((req[at + 1].toInt() and 0xff) shl 8) or
            ((req[at + 2].toInt() and 0xff) shl 16) or ((req[at + 3].toInt() and 0xff) shl 24)
    }

fun tail(req: ByteArray, from: Int): ByteArray = if (from >= req.size) ByteArray(0) else req.copyOfRange(from, req.size)

/**
 * Room for `len` bytes in a scope of Kotlin's allocator. A top-level scope starts at address 0, which the ABI
 * reads as a refusal from `alloc`, so the first 8 bytes are left unused: requests and responses start at 8.
 */
fun room(a: MemoryAllocator, len: Int): Pointer {
    a.allocate(8)
    return a.allocate(if (len == 0) 1 else len)
}

fun withBytes(bytes: ByteArray, use: (Int) -> Int): Int = withScopedMemoryAllocator { a ->
    val p = a.allocate(if (bytes.isEmpty()) 1 else bytes.size)
    for (i in bytes.indices) (p + i).storeByte(bytes[i])
    use(p.address.toInt())
}

fun migrateTo(dest: ByteArray): Int = withBytes(dest) { p -> edMigrate(p, dest.size) }

fun say(line: String) {
    val b = line.encodeToByteArray()
    withBytes(b) { p ->
        edLog(p, b.size)
        0
    }
}

fun nodeName(): ByteArray = withScopedMemoryAllocator { a ->
    val p = a.allocate(256)
    val n = edNodeName(p.address.toInt(), 256)
    val b = ByteArray(if (n < 256) n else 256)
    for (i in b.indices) b[i] = (p + i).loadByte()
    b
}

@WasmExport
fun init() {
    say("wordtree: ready")
}

@WasmExport
fun alloc(len: Int): Int {
    if (len < 0 || len > MAX_REQUEST) return 0
    return withScopedMemoryAllocator { a -> room(a, len).address.toInt() }
}

@WasmExport
fun handle(ptr: Int, len: Int): Long {
    val req = ByteArray(len)
    for (i in 0 until len) req[i] = Pointer((ptr + i).toUInt()).loadByte()
    val out = Response()
    if (len > 0) serve(req, out)
    return withScopedMemoryAllocator { a ->
        val p = room(a, out.size)
        for (i in 0 until out.size) (p + i).storeByte(out.bytes[i])
        p.address.toLong() or (out.size.toLong() shl 32)
    }
}

fun serve(req: ByteArray, out: Response) {
    when (req[0].toInt().toChar()) {
        'a' -> {
            addText(req, 1)
            out.int(sizeOf(root))
            out.long(totalOf(root))
        }
        'g' -> {
            generate(u32(req, 1), u32(req, 5))
            out.int(sizeOf(root))
            out.int(heightOf(root))
        }
        'q' -> out.int(countOf(root, tail(req, 1)))
        'v' -> {
            val back = u32(req, 1)
            if (back < 0 || back >= VERSIONS || back >= versionCount) {
                out.int(-1)
            } else {
                out.int(countOf(versions[(versionCount - 1 - back) % VERSIONS], tail(req, 5)))
            }
        }
        'k' -> {
            val n = atRank(root, u32(req, 1))
            if (n != null) out.all(n.word)
        }
        's' -> {
            out.int(sizeOf(root))
            out.int(heightOf(root))
            out.long(totalOf(root))
            out.long(digestOf(root, FNV_OFFSET))
            out.int(if (versionCount < VERSIONS) versionCount else VERSIONS)
        }
        'r' -> rebuild(u32(req, 1), if (req.size > 5) tail(req, 5) else null, out)
        'n' -> out.all(nodeName())
        else -> {}
    }
}

fun main() {}
