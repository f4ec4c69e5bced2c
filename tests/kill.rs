//! Kill tests (issue 21): `hkg build`, a replacement in place and beside the store, `--prune`,
//! `hkg rm` and `hkg export -o` are killed with SIGKILL inside each named phase, through the
//! fault points of `HKG_FAULT=PHASE:N` (see `src/fault.rs`). After each kill:
//!
//! - the store opens, and every document in it is wholly one of its versions or absent;
//! - readers that ran during the killed write saw the last finished write, or the killed
//!   one's if it had published, never a mix;
//! - the next build completes, `hkg validate` conforms, and the identity graph equals a clean
//!   build's;
//! - an interrupted export leaves its file as it was.
//!
//! The corpus is 500 bench documents, so that the test takes a few minutes of CI (most of it
//! in the builds after each kill and `hkg validate`); `HKG_KILL_DOCS=N` runs it on N.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

mod common;
use common::{articles, hkg, identity, ok, query, s};

/// The sentence appended to every article to change its text.
const APPENDED: &str = "本院召开了年度工作会议。";

/// Copies the articles of `from` to `to`, appending `appended` to each whose id `keep`
/// accepts and leaving out the others.
fn copy_corpus(from: &Path, to: &Path, appended: &str, keep: impl Fn(&str) -> bool) {
    for path in articles(from) {
        if !keep(&doc_id(&path)) {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).expect("article");
        text.push_str(appended);
        let dest = to.join(path.strip_prefix(from).expect("under the corpus"));
        std::fs::create_dir_all(dest.parent().expect("dir")).expect("mkdir");
        std::fs::write(dest, text).expect("write");
    }
}

fn doc_id(path: &Path) -> String {
    path.file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned()
}

/// Documents `hkg rm` and `--prune` take out: those whose id ends in 7.
fn removed(id: &str) -> bool {
    id.ends_with('7')
}

/// Copies a closed store, its snapshots included. A snapshot's table files are hard links
/// to the store's (RocksDB never changes a table file), and are linked the same way in the
/// copy; its other files are copied.
fn copy_store(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).expect("rm");
    }
    copy_dir(from, to, None);
}

fn copy_dir(from: &Path, to: &Path, tables: Option<&Path>) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read store") {
        let entry = entry.expect("entry");
        let (src, dest) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("type").is_dir() {
            // Snapshots, whose tables are the store's: link to the copy's.
            let store = tables.unwrap_or(to);
            copy_dir(&src, &dest, Some(store));
            continue;
        }
        let shared = tables
            .map(|t| t.join(entry.file_name()))
            .filter(|t| src.extension().is_some_and(|e| e == "sst") && t.exists());
        match shared {
            Some(t) => std::fs::hard_link(t, &dest).expect("link"),
            None => {
                std::fs::copy(&src, &dest).expect("copy");
            }
        }
    }
}

/// What a reader sees: the number of named graphs and of quads in them, or None when it
/// could not read.
fn read(store: &Path) -> Option<String> {
    let o = query(
        store,
        "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }",
    );
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Each stored document's quad count and content hash, read from the store itself: its
/// snapshots and lock are removed first, as readers would otherwise read the last published
/// snapshot, or refuse a store whose write was killed before it published one.
fn documents(store: &Path) -> BTreeMap<String, (usize, Option<String>)> {
    let snapshots = store.join("hkg-snapshots");
    if snapshots.exists() {
        std::fs::remove_dir_all(snapshots).expect("rm snapshots");
    }
    let lock = store.join("hkg.lock");
    if lock.exists() {
        std::fs::remove_file(lock).expect("rm lock");
    }
    let rows = |sparql: &str| -> Vec<Vec<String>> {
        let o = query(store, sparql);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout)
            .into_owned()
            .lines()
            .skip(1)
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    };
    let mut out: BTreeMap<String, (usize, Option<String>)> = BTreeMap::new();
    for r in rows(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/hkg/doc/')) } GROUP BY ?g",
    ) {
        let n = r[1].split('"').nth(1).unwrap_or(&r[1]).parse().expect("count");
        out.insert(r[0].clone(), (n, None));
    }
    for r in rows(
        "SELECT ?g ?h WHERE { GRAPH ?g { ?g <https://w3id.org/hkg/ontology#contentHash> ?h } }",
    ) {
        if let Some(d) = out.get_mut(&r[0]) {
            d.1 = Some(r[1].clone());
        }
    }
    out
}

/// A clean build's results, to compare a killed and finished one with.
struct Clean {
    documents: BTreeMap<String, (usize, Option<String>)>,
    identity: String,
    read: Option<String>,
}

impl Clean {
    fn of(store: &Path) -> Clean {
        let read = read(store);
        let identity = identity(store);
        let mut kept = store.to_owned().into_os_string();
        kept.push("-kept");
        let kept = PathBuf::from(kept);
        copy_store(store, &kept);
        let documents = documents(&kept);
        std::fs::remove_dir_all(&kept).expect("rm");
        Clean {
            documents,
            identity,
            read,
        }
    }
}

/// One write to kill: the command, the store it starts from (None: no store), the clean
/// results a reader may see before it (the store it starts from) and once it has finished,
/// the versions a document may be in afterwards, and the build that finishes it.
struct Scenario<'a> {
    name: &'a str,
    args: Vec<String>,
    base: Option<&'a Path>,
    before: Option<&'a Clean>,
    after: &'a Clean,
    versions: Vec<&'a Clean>,
    recover: Vec<String>,
}

/// Runs `scenario` killed at `fault`, with a reader querying the store all the while, and
/// checks everything the module promises. Returns the phase line hkg logged.
fn kill(scenario: &Scenario<'_>, store: &Path, fault: &str) -> String {
    let label = format!("{} killed at {fault}", scenario.name);
    match scenario.base {
        Some(base) => copy_store(base, store),
        None => {
            if store.exists() {
                std::fs::remove_dir_all(store).expect("rm");
            }
        }
    }
    let child = Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(&scenario.args)
        .env("HKG_FAULT", fault)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn hkg");
    let done = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let (done, seen, store) = (done.clone(), seen.clone(), store.to_owned());
        thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                let r = read(&store);
                seen.lock().expect("lock").push(r);
                // A reader at a time, with pauses: the writer keeps a core.
                thread::sleep(std::time::Duration::from_millis(50));
            }
        })
    };
    let out = child.wait_with_output().expect("wait");
    done.store(true, Ordering::SeqCst);
    reader.join().expect("reader");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.signal(),
        Some(9),
        "{label}: not killed (the fault point was not reached): {err}"
    );
    let logged = err
        .lines()
        .find(|l| l.contains("HKG_FAULT: killed in"))
        .unwrap_or_else(|| panic!("{label}: no fault logged: {err}"))
        .to_owned();

    // Readers: the last finished write, or this one once it published; never blocked while
    // there was a finished write to read.
    for r in seen.lock().expect("lock").iter() {
        match r {
            None => assert!(
                scenario.before.is_none(),
                "{label}: a reader failed while a snapshot was there to read"
            ),
            Some(r) => assert!(
                Some(r) == scenario.before.and_then(|b| b.read.as_ref())
                    || Some(r) == scenario.after.read.as_ref(),
                "{label}: a reader saw {r}, neither the last finished write nor this one"
            ),
        }
    }

    // A store no write has finished is refused to readers, with a reason, not read half-built.
    if scenario.before.is_none() && !logged.contains("publish (point 2)") {
        let o = hkg(&["stats", "--store", s(store)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !o.status.success() && err.contains("has no finished build to read"),
            "{label}: a reader of a store no build finished: {err}"
        );
    }

    // The store opens, and holds every document whole in one of its versions, or not at all.
    if store.join("CURRENT").exists() {
        for (g, doc) in documents(store) {
            assert!(
                scenario
                    .versions
                    .iter()
                    .any(|v| v.documents.get(&g) == Some(&doc)),
                "{label}: {g} is not whole ({} quads, content hash {:?})",
                doc.0,
                doc.1
            );
        }
    }

    // The next build finishes it.
    let o = hkg(&scenario
        .recover
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    assert!(
        o.status.success(),
        "{label}: the next build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = hkg(&["validate", "--store", s(store)]);
    assert!(
        v.status.success() && String::from_utf8_lossy(&v.stderr).contains("conforms"),
        "{label}: {}",
        String::from_utf8_lossy(&v.stdout)
    );
    assert!(
        identity(store) == scenario.after.identity,
        "{label}: after the next build, the identity graph differs from a clean build's"
    );
    let held: BTreeSet<String> = documents(store).into_keys().collect();
    let want: BTreeSet<String> = scenario.after.documents.keys().cloned().collect();
    assert!(
        held == want,
        "{label}: after the next build, the documents differ from a clean build's"
    );
    eprintln!("{label}: {logged}");
    logged
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

#[test]
fn writes_killed_in_every_phase_leave_a_whole_store_that_the_next_build_completes() {
    let n: usize = std::env::var("HKG_KILL_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir().expect("tmp");
    let path = |name: &str| dir.path().join(name);
    let bench = path("bench");
    ok(&["bench-corpus", &n.to_string(), s(&bench)]);
    let (old, new, rest) = (path("old"), path("new"), path("rest"));
    copy_corpus(&bench, &old, "", |_| true);
    copy_corpus(&bench, &new, APPENDED, |_| true);
    copy_corpus(&bench, &rest, APPENDED, |id| !removed(id));
    let gone: Vec<String> = articles(&new)
        .iter()
        .map(|p| doc_id(p))
        .filter(|id| removed(id))
        .collect();
    assert!(gone.len() > n / 20, "documents for rm");

    let build =
        |corpus: &Path, store: &Path| strings(&["build", "-q", "--store", s(store), s(corpus)]);
    let clean = |corpus: &Path, name: &str| {
        let store = path(name);
        ok(&build(corpus, &store)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>());
        (store.clone(), Clean::of(&store))
    };
    let (old_store, clean_old) = clean(&old, "clean-old");
    let (new_store, clean_new) = clean(&new, "clean-new");
    let (_, clean_rest) = clean(&rest, "clean-rest");

    let store = path("store");
    let with = |mut args: Vec<String>, extra: &[&str]| {
        args.extend(strings(extra));
        args
    };
    let mut rm = strings(&["rm", "--store", s(&store)]);
    rm.extend(gone.iter().cloned());
    // Taking the documents ending in 7 out of the new store; the next build of what is left,
    // with --prune, finishes an rm killed midway, and after an rm killed before it
    // recomputed identity it must find identity stale.
    let removing = |name, args| Scenario {
        name,
        args,
        base: Some(&new_store),
        before: Some(&clean_new),
        after: &clean_rest,
        versions: vec![&clean_new],
        recover: with(build(&rest, &store), &["--prune"]),
    };
    let scenarios = [
        (
            Scenario {
                name: "a fresh build",
                args: build(&new, &store),
                base: None,
                before: None,
                after: &clean_new,
                versions: vec![&clean_new],
                recover: build(&new, &store),
            },
            vec![
                format!("extract:{}", n / 2),
                "load:1".to_owned(),
                "identity:1".to_owned(),
                "publish:1".to_owned(),
                "publish:2".to_owned(),
            ],
        ),
        (
            Scenario {
                name: "a replacement in place",
                args: with(build(&new, &store), &["--in-place"]),
                base: Some(&old_store),
                before: Some(&clean_old),
                after: &clean_new,
                versions: vec![&clean_old, &clean_new],
                recover: build(&new, &store),
            },
            vec![format!("replace:{}", n / 3), "load:1".to_owned()],
        ),
        (
            Scenario {
                name: "a replacement beside the store",
                args: build(&new, &store),
                base: Some(&old_store),
                before: Some(&clean_old),
                after: &clean_new,
                versions: vec![&clean_old, &clean_new],
                recover: build(&new, &store),
            },
            // Killed while it builds beside the store, the store is untouched: swap:1 and
            // swap:2 are the first and last points of that stretch.
            vec![
                "swap:1".to_owned(),
                "swap:2".to_owned(),
                "swap:3".to_owned(),
                "swap:4".to_owned(),
            ],
        ),
        (
            removing(
                "a build with --prune",
                with(build(&rest, &store), &["--prune"]),
            ),
            vec![format!("prune:{}", gone.len() / 2)],
        ),
        (
            removing("hkg rm", rm),
            // identity:2 falls after the identity graph is written and before its copy
            // beside the store is replaced: the next sync must not believe that copy.
            vec![
                format!("rm:{}", gone.len() / 2),
                "identity:1".to_owned(),
                "identity:2".to_owned(),
            ],
        ),
    ];
    let mut phases = BTreeSet::new();
    for (scenario, faults) in &scenarios {
        for fault in faults {
            let logged = kill(scenario, &store, fault);
            phases.insert(
                logged
                    .split(" killed in ")
                    .nth(1)
                    .map(|p| p.split_whitespace().next().unwrap_or_default().to_owned()),
            );
        }
    }

    // An export killed before its file is complete leaves the file as it was.
    let file = path("graph.nq");
    std::fs::write(&file, "the previous export\n").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_hkg"))
        .args(["export", "--store", s(&new_store), "-o", s(&file)])
        .env("HKG_FAULT", "export:1")
        .output()
        .expect("export");
    assert_eq!(o.status.signal(), Some(9), "the export was not killed");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "the previous export\n",
        "a killed export changed its file"
    );
    phases.insert(Some("export".to_owned()));

    let phases: Vec<String> = phases.into_iter().flatten().collect();
    assert_eq!(
        phases,
        ["export", "extract", "identity", "load", "prune", "publish", "replace", "rm", "swap"],
        "the phases killed"
    );
}
