//! wordcount: an Edgedancer agent written in Rust with std (files, collections, stdout) for `wasm32-wasi`.
//!
//! Its state is a `HashMap` of word counts in memory and the text it was given, appended to `words.txt`
//! through a `File` kept open across requests (so the descriptor and its offset travel with the agent).
//!
//! Requests (text; the response is text):
//!   add <text>   counts the words of <text> and appends <text> to words.txt; answers "<words> words, <distinct> distinct"
//!   count <word> how many times <word> was seen
//!   top <n>      the n most frequent words, "word count" per line (ties in word order)
//!   text         the whole of words.txt, read back from the file
//!   where        the node the agent runs on (edgedancer's node_name)
//!   args         its WASI arguments and its agent id (from the environment)
//! Each `add` prints one line on stdout: the platform puts it in the agent's log.
//!
//! The module declares its WASI arguments and environment in an `edgedancer.wasi` custom section
//! (`WASI_CONFIG` below), so they are part of what the manifest signs: WORDCOUNT_FILE names the file.
//!
//! Build: node examples/agents/build.mjs (Debian's rustc with libstd-rust-dev-wasm32, --target wasm32-wasi).
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};

#[link(wasm_import_module = "edgedancer")]
extern "C" {
    /// Copies up to `len` bytes of the current node's name to `buf`; returns the name's full length.
    fn node_name(buf: *mut u8, len: i32) -> i32;
}

/// WASI arguments and environment, measured and signed with the module (docs/agents.md).
#[used]
#[link_section = "edgedancer.wasi"]
static WASI_CONFIG: [u8; 69] = *br#"{"args":["wordcount","--lower"],"env":{"WORDCOUNT_FILE":"words.txt"}}"#;

struct State {
    counts: HashMap<String, u64>,
    journal: File,
    request: Vec<u8>,
    response: Vec<u8>,
}

static mut STATE: Option<State> = None;

fn state() -> &'static mut State {
    // Safety: an agent is single-threaded and the platform never re-enters it.
    unsafe {
        STATE.get_or_insert_with(|| State {
            counts: HashMap::new(),
            journal: OpenOptions::new().create(true).append(true).open(file_name()).expect("the words file"),
            request: Vec::new(),
            response: Vec::new(),
        })
    }
}

fn file_name() -> String {
    std::env::var("WORDCOUNT_FILE").unwrap_or_else(|_| "words.txt".to_string())
}

#[no_mangle]
pub extern "C" fn init() {
    state();
    println!("wordcount: ready");
}

#[no_mangle]
pub extern "C" fn alloc(len: i32) -> *mut u8 {
    let s = state();
    s.request.resize(len.max(1) as usize, 0);
    s.request.as_mut_ptr()
}

fn answer(s: &mut State, text: String) -> u64 {
    s.response = text.into_bytes();
    (s.response.as_ptr() as u64) | ((s.response.len() as u64) << 32)
}

#[no_mangle]
pub extern "C" fn handle(ptr: *const u8, len: i32) -> u64 {
    let s = state();
    let req = String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(ptr, len as usize) }).into_owned();
    let (verb, rest) = match req.split_once(' ') {
        Some((v, r)) => (v, r.trim()),
        None => (req.trim(), ""),
    };
    let text = match verb {
        "add" => {
            let mut words = 0;
            for w in rest.split_whitespace() {
                *s.counts.entry(w.to_lowercase()).or_insert(0) += 1;
                words += 1;
            }
            writeln!(s.journal, "{}", rest).and_then(|_| s.journal.flush()).expect("words.txt");
            println!("wordcount: {} words added", words);
            format!("{} words, {} distinct", words, s.counts.len())
        }
        "count" => format!("{}", s.counts.get(&rest.to_lowercase()).copied().unwrap_or(0)),
        "top" => {
            let n: usize = rest.parse().unwrap_or(10);
            let mut all: Vec<(&String, &u64)> = s.counts.iter().collect();
            all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            all.iter().take(n).map(|(w, c)| format!("{} {}\n", w, c)).collect()
        }
        "text" => {
            let mut out = String::new();
            match File::open(file_name()).and_then(|mut f| f.read_to_string(&mut out)) {
                Ok(_) => out,
                Err(e) => format!("error: {}", e),
            }
        }
        "where" => {
            let mut buf = [0u8; 255];
            let n = unsafe { node_name(buf.as_mut_ptr(), buf.len() as i32) } as usize;
            String::from_utf8_lossy(&buf[..n.min(buf.len())]).into_owned()
        }
        "args" => format!(
            "{} ({})",
            std::env::args().collect::<Vec<_>>().join(" "),
            std::env::var("EDGEDANCER_AGENT_ID").unwrap_or_default()
        ),
        _ => format!("unknown request: {}", verb),
    };
    answer(s, text)
}
