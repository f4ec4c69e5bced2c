//! Replacing stored documents (issue 19): a build over a store that holds documents in another
//! form (here: changed text) must leave what a fresh build leaves, in memory that does not grow
//! with the number of documents replaced, and a build killed at any point must leave every
//! document whole (its old version, its new one, or absent) and the next build must finish it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{hkg, ok};

/// The sentence appended to every article to change its text.
const APPENDED: &str = "本院召开了年度工作会议。";

/// Writes `n` bench articles to `dir/old`, and the same with a sentence appended to each to
/// `dir/new`; returns both.
fn corpora(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let old = dir.join("old");
    let new = dir.join("new");
    ok(&["bench-corpus", &n.to_string(), old.to_str().expect("utf-8")]);
    let mut articles = 0;
    let mut dirs = vec![old.clone()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("read corpus") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                let mut text = std::fs::read_to_string(&path).expect("article");
                text.push_str(APPENDED);
                let to = new.join(path.strip_prefix(&old).expect("under the corpus"));
                std::fs::create_dir_all(to.parent().expect("dir")).expect("mkdir");
                std::fs::write(to, text).expect("write");
                articles += 1;
            }
        }
    }
    assert_eq!(articles, n, "bench-corpus wrote {n} articles");
    (old, new)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn build_args<'a>(corpus: &'a Path, store: &'a Path) -> [&'a str; 5] {
    ["build", "-q", "--store", s(store), s(corpus)]
}

/// The store's N-Quads export (sorted, no blank nodes), lines grouped by graph IRI.
fn graphs(store: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in ok(&["export", "--store", s(store), "--format", "nquads"]).lines() {
        let body = line.strip_suffix(" .").expect("an N-Quads line");
        let at = body.rfind(" <").expect("a quad in a named graph");
        out.entry(body[at + 1..].to_owned())
            .or_default()
            .push(line.to_owned());
    }
    out
}

/// The identity graph's triples through a query, sorted.
fn identity(store: &Path) -> String {
    ok(&[
        "query",
        "--store",
        s(store),
        "--format",
        "tsv",
        "-e",
        "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/hkg/identity> { ?s ?p ?o } } ORDER BY ?s ?p ?o",
    ])
}

/// Copies a store directory (closed) to `to`.
fn copy_store(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).expect("rm");
    }
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read store") {
        let entry = entry.expect("entry");
        assert!(entry.file_type().expect("type").is_file(), "flat store");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

fn spawn_build(corpus: &Path, store: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(build_args(corpus, store))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn hkg build")
}

/// Runs a child to its end, returning whether it succeeded and its peak resident memory in
/// kB (`VmHWM`, read from /proc while it runs; 0 where there is no /proc).
fn peak_kb(mut child: Child) -> (bool, u64) {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(st) = child.try_wait().expect("wait") {
            return (st.success(), peak);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn replacing_changed_documents_leaves_what_a_fresh_build_leaves_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = corpora(dir.path(), 400);
    let replaced = dir.path().join("replaced");
    let fresh = dir.path().join("fresh");
    ok(&build_args(&old, &replaced));
    let (built, fresh_peak) = peak_kb(spawn_build(&new, &fresh));
    assert!(built, "fresh build");
    let (built, replace_peak) = peak_kb(spawn_build(&new, &replaced));
    assert!(built, "replacing build");

    let facts = |st: &Path| ok(&["facts", "--store", s(st)]);
    let replaced_facts = facts(&replaced);
    assert!(replaced_facts.lines().count() > 1000, "facts were stored");
    assert!(
        replaced_facts == facts(&fresh),
        "facts differ from a fresh build's"
    );
    let replaced_identity = identity(&replaced);
    assert!(replaced_identity.lines().count() > 1000, "identity graph");
    assert!(
        replaced_identity == identity(&fresh),
        "identity graph differs from a fresh build's"
    );
    assert!(
        graphs(&replaced) == graphs(&fresh),
        "export differs from a fresh build's"
    );
    let v = hkg(&["validate", "--store", s(&replaced)]);
    assert!(
        v.status.success() && String::from_utf8_lossy(&v.stderr).contains("conforms"),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    // Replaced one transaction each, the memtables grew by 0.7 MB per document (280 MB here)
    // on top of what a fresh build needs.
    if fresh_peak > 0 {
        assert!(
            replace_peak < fresh_peak + 100 * 1024,
            "replacing 400 documents peaked at {} MB, a fresh build at {} MB",
            replace_peak / 1024,
            fresh_peak / 1024
        );
    }
}

#[test]
fn a_build_killed_while_replacing_leaves_every_document_whole_and_the_next_one_finishes() {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = corpora(dir.path(), 200);
    let old_store = dir.path().join("old-store");
    let fresh = dir.path().join("fresh");
    ok(&build_args(&old, &old_store));
    ok(&build_args(&new, &fresh));
    let before = graphs(&old_store);
    let after = graphs(&fresh);
    let store = dir.path().join("store");

    // How long an uninterrupted replacement takes here, to kill at fractions of it.
    copy_store(&old_store, &store);
    let started = Instant::now();
    assert!(spawn_build(&new, &store).wait().expect("wait").success());
    let full = started.elapsed();

    let mut killed_midway = 0;
    let mut states = Vec::new();
    for tenth in [1, 3, 5, 6, 7, 8, 9] {
        copy_store(&old_store, &store);
        let mut child = spawn_build(&new, &store);
        std::thread::sleep(full * tenth / 10);
        if child.try_wait().expect("wait").is_none() {
            killed_midway += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        let held = graphs(&store);
        let (mut old_docs, mut new_docs, mut absent) = (0, 0, 0);
        for (g, want_old) in before.iter().filter(|(g, _)| g.contains("/doc/")) {
            match held.get(g) {
                None => absent += 1,
                Some(lines) if lines == want_old => old_docs += 1,
                Some(lines) if Some(lines) == after.get(g) => new_docs += 1,
                Some(_) => {
                    panic!("killed at {tenth}/10: {g} is neither its old nor its new version")
                }
            }
        }
        for g in held.keys().filter(|g| g.contains("/doc/")) {
            assert!(
                before.contains_key(g),
                "killed at {tenth}/10: unknown graph {g}"
            );
        }
        states.push(format!(
            "{tenth}/10: old {old_docs} new {new_docs} absent {absent}"
        ));

        ok(&build_args(&new, &store));
        assert!(
            graphs(&store) == after,
            "killed at {tenth}/10 ({}), the next build did not leave what a fresh build leaves",
            states.last().expect("state")
        );
    }
    assert!(
        killed_midway > 0,
        "every build finished before it was killed: {states:?}"
    );
}
