//! Replacing stored documents (issue 19): a build over a store that holds documents in another
//! form (here: changed text) must leave what a fresh build leaves, in memory that does not grow
//! with the number of documents replaced, and a build killed at any point must leave every
//! document whole (its old version, its new one, or absent) and the next build must finish it.
//! Both ways are held: rebuilding beside the store when most documents changed (the default),
//! and replacing them inside it (`--in-place`, and any build that changes fewer than half).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{articles, hkg, identity, ok, s};

/// The sentence appended to every article to change its text.
const APPENDED: &str = "本院召开了年度工作会议。";

/// Writes `n` bench articles to `dir/old`, and the same with a sentence appended to each to
/// `dir/new`; returns both.
fn corpora(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let old = dir.join("old");
    let new = dir.join("new");
    ok(&["bench-corpus", &n.to_string(), old.to_str().expect("utf-8")]);
    let written = articles(&old);
    for path in &written {
        let mut text = std::fs::read_to_string(path).expect("article");
        text.push_str(APPENDED);
        let to = new.join(path.strip_prefix(&old).expect("under the corpus"));
        std::fs::create_dir_all(to.parent().expect("dir")).expect("mkdir");
        std::fs::write(to, text).expect("write");
    }
    assert_eq!(written.len(), n, "bench-corpus wrote {n} articles");
    (old, new)
}

fn build_args<'a>(corpus: &'a Path, store: &'a Path) -> Vec<&'a str> {
    vec!["build", "-q", "--store", s(store), s(corpus)]
}

/// What a build over a store leaves beside it once it has finished: nothing.
fn assert_nothing_beside(store: &Path) {
    let name = store.file_name().expect("name").to_string_lossy();
    for entry in std::fs::read_dir(store.parent().expect("parent")).expect("read dir") {
        let other = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            !(other.starts_with(&format!(".{name}.")) && other.contains("hkg-")),
            "{other} was left beside {}",
            store.display()
        );
    }
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

/// Copies a store directory (closed) to `to`, without its snapshots: readers of the copy
/// then read the store itself.
fn copy_store(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).expect("rm");
    }
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read store") {
        let entry = entry.expect("entry");
        if entry.file_name() == "hkg-snapshots" {
            continue;
        }
        assert!(entry.file_type().expect("type").is_file(), "flat store");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

fn spawn_build(corpus: &Path, store: &Path, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(build_args(corpus, store))
        .args(extra)
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

/// Replaces 400 changed documents with `extra` build arguments and checks the result against
/// a fresh build: facts, identity graph, export, validation and peak memory.
fn replaces_like_a_fresh_build(extra: &[&str]) {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = corpora(dir.path(), 400);
    let replaced = dir.path().join("replaced");
    let fresh = dir.path().join("fresh");
    ok(&build_args(&old, &replaced));
    let (built, fresh_peak) = peak_kb(spawn_build(&new, &fresh, &[]));
    assert!(built, "fresh build");
    let (built, replace_peak) = peak_kb(spawn_build(&new, &replaced, extra));
    assert!(built, "replacing build");
    assert_nothing_beside(&replaced);

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
fn replacing_most_documents_beside_the_store_leaves_what_a_fresh_build_leaves() {
    replaces_like_a_fresh_build(&[]);
}

#[test]
fn replacing_documents_in_place_leaves_what_a_fresh_build_leaves_in_bounded_memory() {
    replaces_like_a_fresh_build(&["--in-place"]);
}

/// Moves the articles of `corpus` whose file names end in one of `digits` to the same place
/// under `to`.
fn move_some(corpus: &Path, to: &Path, digits: &[char]) -> usize {
    let mut moved = 0;
    for path in articles(corpus) {
        let last = path
            .file_stem()
            .and_then(|n| n.to_str())
            .and_then(|n| n.chars().last());
        if last.is_some_and(|c| digits.contains(&c)) {
            let dest = to.join(path.strip_prefix(corpus).expect("under the corpus"));
            std::fs::create_dir_all(dest.parent().expect("dir")).expect("mkdir");
            std::fs::rename(&path, dest).expect("move");
            moved += 1;
        }
    }
    moved
}

/// A store built from two folders, rebuilt from one of them with most of its text changed:
/// the documents of the other folder stay (or go, with --prune), and a stored document whose
/// input fails this time keeps its old version, whichever way the build runs.
#[test]
fn a_build_of_part_of_a_store_keeps_the_rest_both_beside_and_in_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = corpora(dir.path(), 150);
    // Documents ending in 0-2: a second folder, unchanged, that the rebuild does not name.
    let kept = dir.path().join("kept");
    let n_kept = move_some(&old, &kept, &['0', '1', '2']);
    assert_eq!(
        move_some(&new, &dir.path().join("dropped"), &['0', '1', '2']),
        n_kept
    );
    // And one changed document whose new input cannot be built (an empty file).
    let broken = move_some(&new, &dir.path().join("broken"), &['9']);
    assert!(broken > 0 && n_kept > 20);
    let emptied = articles(&new).into_iter().next();
    let emptied = emptied.expect("an article to empty");
    std::fs::write(&emptied, "").expect("empty");
    let emptied_graph = format!(
        "<https://w3id.org/hkg/doc/{}>",
        emptied.file_stem().expect("stem").to_string_lossy()
    );

    let base = dir.path().join("base");
    ok(&["build", "-q", "--store", s(&base), s(&old), s(&kept)]);
    let before = graphs(&base);
    let fresh = dir.path().join("fresh");
    // The emptied article fails here too, and is then absent.
    let o = hkg(&["build", "-q", "--store", s(&fresh), s(&new), s(&kept)]);
    assert_eq!(o.status.code(), Some(1), "only the emptied article fails");
    let mut want = graphs(&fresh);
    want.insert(emptied_graph.clone(), before[&emptied_graph].clone());
    let missing: Vec<String> = before
        .keys()
        .filter(|g| g.contains("/doc/") && !want.contains_key(*g))
        .cloned()
        .collect();
    for g in missing {
        // Those moved to broken/: not named by the rebuild, so kept as they were.
        let lines = before[&g].clone();
        want.insert(g, lines);
    }
    let docs = |m: &BTreeMap<String, Vec<String>>| {
        m.iter()
            .filter(|(g, _)| g.contains("/doc/"))
            .map(|(g, l)| (g.clone(), l.clone()))
            .collect::<BTreeMap<_, _>>()
    };

    for extra in [&[][..], &["--in-place"][..]] {
        let store = dir.path().join("store");
        copy_store(&base, &store);
        let o = hkg(&[&build_args(&new, &store)[..], extra].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "one input failed: {err}");
        assert!(err.contains("empty document"), "{err}");
        assert_eq!(
            err.contains("rebuilt beside"),
            extra.is_empty(),
            "{extra:?}: {err}"
        );
        assert_nothing_beside(&store);
        assert!(
            docs(&graphs(&store)) == docs(&want),
            "{extra:?}: the documents differ from the old ones of the other folder and the new ones of this"
        );

        // --prune removes the documents of the other folder, whichever way it runs.
        copy_store(&base, &store);
        let o = hkg(&[&build_args(&new, &store)[..], extra, &["--prune"]].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("pruned {}", n_kept + broken)),
            "{extra:?}: {err}"
        );
        let held = graphs(&store);
        assert_eq!(
            held.keys().filter(|g| g.contains("/doc/")).count(),
            150 - n_kept - broken,
            "{extra:?}"
        );
    }
}

/// A build that changes fewer than half of the stored documents replaces them in place.
#[test]
fn a_build_that_changes_few_documents_runs_in_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let (old, new) = corpora(dir.path(), 100);
    let store = dir.path().join("store");
    ok(&build_args(&old, &store));
    // Put back the old text of all but the documents ending in 0: a tenth changed.
    let unchanged = dir.path().join("unchanged");
    move_some(
        &old,
        &unchanged,
        &['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    );
    move_some(
        &new,
        &dir.path().join("dropped"),
        &['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    );
    let o = hkg(&[&build_args(&new, &store)[..], &[s(&unchanged)]].concat());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("rebuilt beside"), "{err}");
    assert!(err.contains("built 10 skipped 90"), "{err}");
}

#[test]
fn a_build_killed_while_replacing_beside_the_store_leaves_it_whole_and_the_next_one_finishes() {
    killed_while_replacing(&[]);
}

#[test]
fn a_build_killed_while_replacing_in_place_leaves_every_document_whole_and_the_next_one_finishes() {
    killed_while_replacing(&["--in-place"]);
}

/// Kills builds that replace 200 changed documents at fractions of an uninterrupted one's
/// time; after each, every document must be its old version, its new one, or absent, and the
/// next build must leave what a fresh build leaves.
fn killed_while_replacing(extra: &[&str]) {
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
    assert!(spawn_build(&new, &store, extra)
        .wait()
        .expect("wait")
        .success());
    let full = started.elapsed();

    let mut killed_midway = 0;
    let mut states = Vec::new();
    for tenth in [1, 3, 5, 6, 7, 8, 9] {
        copy_store(&old_store, &store);
        let mut child = spawn_build(&new, &store, extra);
        std::thread::sleep(full * tenth / 10);
        if child.try_wait().expect("wait").is_none() {
            killed_midway += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        // Readers would see the last finished build's snapshot (or refuse a store none
        // finished); what is held here is the store itself, which the next build goes on
        // from: read without its snapshots and lock.
        let snapshots = store.join("hkg-snapshots");
        if snapshots.exists() {
            std::fs::remove_dir_all(snapshots).expect("rm snapshots");
        }
        let _ = std::fs::remove_file(store.join("hkg.lock"));
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
        if extra.is_empty() {
            // Beside the store, the swap is one step: all old or all new, none absent.
            assert!(
                absent == 0 && (old_docs == 0 || new_docs == 0),
                "killed at {}",
                states.last().expect("state")
            );
        }

        ok(&build_args(&new, &store));
        assert_nothing_beside(&store);
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
