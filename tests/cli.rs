//! Tests of the real `hkg` binary: exit codes, stdout and stderr, bad inputs among good ones,
//! skipping unchanged documents, removing and pruning, determinism across orders and stores.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{core_f1, eval_table, f1_of, hkg, shared};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sample")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn build_facts_and_eval_on_the_sample_corpus() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let o = hkg(&["build", s(&sample()), "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("built 5 skipped 0 failed 0"),
        "{}",
        stderr(&o)
    );

    let o = hkg(&["facts", "--store", s(&store)]);
    assert!(o.status.success());
    let facts = stdout(&o);
    // the GB18030 file was decoded
    assert!(
        facts.contains("sample_04\thospital\t洛阳市儿童医院"),
        "{facts}"
    );
    assert!(
        facts.contains("sample_02\trole\t邱建国\t纪委书记\t房县人民医院"),
        "{facts}"
    );

    let gold = sample().join("gold.tsv");
    let o = hkg(&["eval", "--store", s(&store), "--gold", s(&gold), "--errors"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("documents scored: 5"), "{out}");
    let f1 = core_f1(&out);
    assert!(f1 >= 0.85, "core F1 fell to {f1}: {out}");
    assert!(out.contains("# missed") && out.contains("# spurious"));

    let o = hkg(&["stats", "--store", s(&store)]);
    assert!(stdout(&o).contains("documents\t5"), "{}", stdout(&o));
}

#[test]
fn unchanged_documents_are_skipped_and_changed_ones_replaced() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    let a = corpus.join("a.txt");
    std::fs::write(&a, "赣州市人民医院院长蔡文斌说，医院将持续改善服务。").expect("write");
    let store = dir.path().join("store");
    assert!(hkg(&["build", s(&corpus), "--store", s(&store)])
        .status
        .success());
    let identity_quads = |store: &Path| {
        stdout(&hkg(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/hkg/identity> { ?s ?p ?o } }",
            "--store",
            s(store),
            "--format",
            "tsv",
        ]))
    };
    let before = identity_quads(&store);
    let o = hkg(&["build", s(&corpus), "--store", s(&store)]);
    assert!(stderr(&o).contains("built 0 skipped 1"), "{}", stderr(&o));
    // Nothing changed: the identity graph is kept, not recomputed.
    assert!(stderr(&o).contains("identity: unchanged"), "{}", stderr(&o));
    assert_eq!(identity_quads(&store), before);
    std::fs::write(&a, "赣州市人民医院院长严立新说，医院将持续改善服务。").expect("write");
    let o = hkg(&["build", s(&corpus), "--store", s(&store)]);
    assert!(stderr(&o).contains("built 1 skipped 0"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("after resolution"),
        "a changed document recomputes identity: {}",
        stderr(&o)
    );
    let show = stdout(&hkg(&["show", "严立新", "--store", s(&store)]));
    assert!(show.contains("严立新"), "{show}");
    assert!(!hkg(&["show", "蔡文斌", "--store", s(&store)])
        .status
        .success());
    let facts = stdout(&hkg(&["facts", "--store", s(&store)]));
    assert!(
        facts.contains("严立新") && !facts.contains("蔡文斌"),
        "old graph must be replaced: {facts}"
    );
}

#[test]
fn a_bad_file_is_reported_and_the_rest_is_built() {
    let dir = tempfile::tempdir().expect("tmp");
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("good.txt"), "赣州市人民医院院长蔡文斌说。").expect("write");
    std::fs::write(corpus.join("bad.txt"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    std::fs::write(corpus.join("empty.txt"), "  \n").expect("write");
    let store = dir.path().join("store");
    let o = hkg(&["build", s(&corpus), "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.txt") && err.contains("cannot decode"),
        "{err}"
    );
    assert!(
        err.contains("empty.txt") && err.contains("empty document"),
        "{err}"
    );
    assert!(err.contains("built 1 skipped 0 failed 2"), "{err}");
    let facts = stdout(&hkg(&["facts", "--store", s(&store)]));
    assert!(facts.contains("good\tperson\t蔡文斌"), "{facts}");
}

#[test]
fn missing_input_and_missing_store_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    let o = hkg(&["build", "/no/such/folder", "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/folder"), "{}", stderr(&o));
    let o = hkg(&["facts", "--store", s(&dir.path().join("nothing"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store at"), "{}", stderr(&o));
    let o = hkg(&["eval", "--store", s(&store), "--gold", "/no/gold.tsv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/gold.tsv"), "{}", stderr(&o));
}

/// A store that RocksDB cannot open (here a write-ahead log with no database beside it, as a
/// copy stopped half way leaves) is an error naming the store, exit code 2, not a crash: the
/// allocator hkg links must also be the one RocksDB's error messages are freed with.
#[test]
fn a_store_rocksdb_refuses_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    std::fs::create_dir(&store).expect("store folder");
    std::fs::write(store.join("000004.log"), b"not a log").expect("stray log");
    let o = hkg(&["build", s(&sample()), "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("store {}", store.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rm_and_prune_remove_documents() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    assert!(hkg(&["build", s(&sample()), "--store", s(&store)])
        .status
        .success());
    let o = hkg(&["rm", "sample_01", "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = hkg(&["rm", "sample_01", "--store", s(&store)]);
    assert_eq!(o.status.code(), Some(1));
    let one = sample().join("sample_02.txt");
    let o = hkg(&["build", s(&one), "--store", s(&store), "--prune"]);
    assert!(stderr(&o).contains("pruned 3"), "{}", stderr(&o));
    let facts = stdout(&hkg(&["facts", "--store", s(&store)]));
    assert!(
        facts.lines().all(|l| l.starts_with("sample_02\t")),
        "{facts}"
    );
}

/// `hkg compact` sorts a store grown by several builds (each bulk load adds files) without
/// changing what it answers, and a missing store is a clear error.
#[test]
fn compact_keeps_every_fact_and_the_store_keeps_building() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = dir.path().join("store");
    for f in ["sample_01.txt", "sample_02.txt", "sample_03.txt"] {
        let o = hkg(&["build", s(&sample().join(f)), "--store", s(&store)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let before = stdout(&hkg(&["facts", "--store", s(&store)]));
    let o = hkg(&["compact", "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("compacted "), "{}", stderr(&o));
    assert_eq!(stdout(&hkg(&["facts", "--store", s(&store)])), before);
    let o = hkg(&["build", s(&sample()), "--store", s(&store)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("built 2 skipped 3"), "{}", stderr(&o));
    let o = hkg(&["compact", "--store", s(&dir.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

#[test]
fn stdin_is_read_with_the_given_id() {
    let o = common::hkg_stdin(
        &[
            "build",
            "--memory",
            "--print-facts",
            "--stdin-id",
            "piped",
            "-",
        ],
        "赣州市人民医院院长蔡文斌说。".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("piped\trole\t蔡文斌\t院长\t赣州市人民医院"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn same_facts_whatever_the_order_or_the_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let files: Vec<PathBuf> = (1..=5)
        .map(|i| sample().join(format!("sample_0{i}.txt")))
        .collect();
    // one by one, forwards, onto disk
    let fwd = dir.path().join("fwd");
    for f in &files {
        assert!(hkg(&["build", s(f), "--store", s(&fwd)]).status.success());
    }
    // one by one, backwards
    let back = dir.path().join("back");
    for f in files.iter().rev() {
        assert!(hkg(&["build", s(f), "--store", s(&back)]).status.success());
    }
    let a = stdout(&hkg(&["facts", "--store", s(&fwd)]));
    let b = stdout(&hkg(&["facts", "--store", s(&back)]));
    let o = hkg(&["build", "--memory", "--print-facts", s(&sample())]);
    let c = stdout(&o);
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn seeds_reach_their_quality_target_when_present() {
    let (Some(seeds), Some(gold)) = (shared("corpus/seeds"), shared("gold/seeds.tsv")) else {
        return;
    };
    let out = eval_table(&seeds, &gold);
    let f1 = core_f1(&out);
    assert!(f1 >= 0.90, "seed core F1 fell to {f1}:\n{out}");
    for rel in ["hospital", "person", "role", "branch", "award", "partner"] {
        let f = f1_of(&out, rel);
        assert!(f >= 0.80, "seed {rel} F1 fell to {f}:\n{out}");
    }
}

#[test]
fn the_unseen_set_reaches_its_quality_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/unseen");
    let out = eval_table(&root, &root.join("gold.tsv"));
    let f1 = core_f1(&out);
    assert!(f1 >= 0.80, "unseen core F1 fell to {f1}:\n{out}");
}

#[test]
fn the_bench_corpus_is_deterministic_and_scored_by_its_gold() {
    let dir = tempfile::tempdir().expect("tmp");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        let o = hkg(&["bench-corpus", "40", s(d), "--seed", "3"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let read = |d: &Path, f: &str| std::fs::read_to_string(d.join(f)).expect("generated file");
    assert_eq!(read(&a, "gold.tsv"), read(&b, "gold.tsv"));
    assert_eq!(read(&a, "000/b000039.txt"), read(&b, "000/b000039.txt"));
    let table = eval_table(&a, &a.join("gold.tsv"));
    assert!(table.contains("documents scored: 40"), "{table}");
    assert!(core_f1(&table) >= 0.95, "{table}");
}

/// The environment of process `pid` as `NAME=value` strings.
#[cfg(target_os = "linux")]
fn environ(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/environ"))
        .map(|b| {
            b.split(|&c| c == 0)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The mimalloc settings (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ALLOW_THP`) a build reading its
/// standard input runs with, given the purge delay it was started with, and its `THP_enabled`
/// (from /proc/PID/status, on kernels that report it): read from the process, as the spawned
/// PID, while it waits for input, once it has run itself again (its `MIMALLOC_ALLOW_THP`
/// reads 0; the caller never sets it).
#[cfg(target_os = "linux")]
fn allocator_seen(purge_delay: Option<&str>) -> ((Option<String>, Option<String>), Option<String>) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hkg"));
    cmd.args(["build", "--memory", "--stdin-id", "piped", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env_remove("MIMALLOC_PURGE_DELAY")
        .env_remove("MIMALLOC_ALLOW_THP");
    if let Some(v) = purge_delay {
        cmd.env("MIMALLOC_PURGE_DELAY", v);
    }
    let mut child = cmd.spawn().expect("runs hkg");
    let pid = child.id();
    let value = |environ: &[String], name: &str| {
        environ
            .iter()
            .find_map(|v| v.strip_prefix(&format!("{name}=")).map(str::to_owned))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = (None, None);
    while std::time::Instant::now() < deadline {
        let env = environ(pid);
        seen = (
            value(&env, "MIMALLOC_PURGE_DELAY"),
            value(&env, "MIMALLOC_ALLOW_THP"),
        );
        if seen.1.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The allocator turns huge pages off when it starts, which may be a moment after exec.
    let mut thp = None;
    while std::time::Instant::now() < deadline {
        thp = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("THP_enabled:").map(|v| v.trim().to_owned()))
            });
        if thp.as_deref() != Some("1") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all("株洲市松涛医院院长柯雨桐说。".as_bytes())
        .expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("waits");
    assert!(out.status.success(), "{}", stderr(&out));
    (seen, thp)
}

/// A build gives memory it freed back to the system at once and keeps transparent huge pages
/// off (BENCHMARKS 36, 38): hkg runs with mimalloc's purge delay at 0 and THP disallowed, in
/// the process the caller started, and keeps a purge delay the caller set.
#[cfg(target_os = "linux")]
#[test]
fn hkg_runs_with_freed_memory_returned_at_once_unless_told_otherwise() {
    let zero = Some("0".to_owned());
    let (settings, thp) = allocator_seen(None);
    assert_eq!(settings, (zero.clone(), zero.clone()));
    // Where the kernel says, the process runs without transparent huge pages.
    assert!(thp.is_none() || thp == zero, "THP_enabled: {thp:?}");
    assert_eq!(
        allocator_seen(Some("250")).0,
        (Some("250".to_owned()), zero)
    );
}
