//! Stage 5, store: one writer at a time, and readers that never wait for it.
//!
//! RocksDB lets one process open a store, and Oxigraph's read-only open is undefined while
//! another process writes. So a writer (`hkg build`, `hkg rm`) holds an exclusive lock on
//! `STORE/hkg.lock`, which records who it is: a second writer fails at once and names the
//! first. The lock is the operating system's (`flock`), so a killed writer's lock goes with
//! it; the file keeps its record, which is how the next writer knows the last one stopped
//! without finishing and says so.
//!
//! At the end of every write the writer publishes a snapshot, a RocksDB checkpoint (hard
//! links, cheap) in `STORE/hkg-snapshots/N`. Readers open the newest one read-only and hold a
//! shared lock on it while they read, so they answer during a build from the last completed
//! one, never from half of one, and a build's results reach every reader that starts after
//! it. A snapshot no reader holds any longer is removed by the next writer, or by its last
//! reader once a newer one exists.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::fault::{self, Phase};
use crate::store::KgStore;

/// The writer's lock file, in the store's folder.
pub const LOCK_FILE: &str = "hkg.lock";
/// The folder of snapshots, in the store's folder.
pub const SNAPSHOTS: &str = "hkg-snapshots";
/// The file readers of a snapshot hold a shared lock on.
const READERS: &str = "hkg.readers";

/// The exclusive right to write a store, held until dropped.
pub struct WriteLock {
    store: PathBuf,
    files: Vec<File>,
    taken_over: Option<String>,
}

impl WriteLock {
    /// Takes the store's write lock for `command` (such as "hkg build"), creating the store's
    /// folder if needed; fails at once with [`Error::Locked`] while another process writes.
    pub fn acquire(store: &Path, command: &str) -> Result<WriteLock> {
        std::fs::create_dir_all(store).map_err(|source| Error::Write {
            what: store.display().to_string(),
            source,
        })?;
        let path = store.join(LOCK_FILE);
        let mut file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Locked {
                    store: store.display().to_string(),
                    holder: holder_of(&path),
                })
            }
            Err(TryLockError::Error(source)) => return Err(lock_failed(&path, source)),
        }
        let mut previous = String::new();
        let _ = file.read_to_string(&mut previous);
        let previous = previous.trim();
        let taken_over = (!previous.is_empty()).then(|| previous.to_owned());
        let record = format!(
            "`{command}` (pid {}, since {})\n",
            std::process::id(),
            utc_now()
        );
        file.set_len(0)
            .and_then(|()| file.write_all(record.as_bytes()))
            .and_then(|()| file.sync_all())
            .map_err(|source| lock_failed(&path, source))?;
        Ok(WriteLock {
            store: store.to_owned(),
            files: vec![file],
            taken_over,
        })
    }

    /// The record of a writer that stopped without finishing (killed, or its machine went
    /// down), when this lock was taken over from one.
    pub fn taken_over(&self) -> Option<&str> {
        self.taken_over.as_deref()
    }

    /// The store this lock is for.
    pub fn store(&self) -> &Path {
        &self.store
    }

    /// Locks the lock file of a store being rebuilt in `dir` too, and links the newest
    /// snapshot there, so that once `dir` is swapped in for this store (see
    /// [`crate::store::swap_in`]) both are in place: the lock was never free, and the store
    /// never lacked a snapshot, even if the swap never happens.
    pub fn carry_into(&mut self, dir: &Path) -> Result<()> {
        let path = dir.join(LOCK_FILE);
        let file = open_lock_file(&path)?;
        file.try_lock()
            .map_err(|e| lock_failed(&path, std::io::Error::from(e)))?;
        std::fs::copy(self.store.join(LOCK_FILE), &path)
            .map_err(|source| lock_failed(&path, source))?;
        self.files.push(file);
        let (generations, _) = listing(&self.store.join(SNAPSHOTS));
        if let Some((_, newest)) = generations.last() {
            let to = dir
                .join(SNAPSHOTS)
                .join(newest.file_name().unwrap_or_default());
            link_snapshot(newest, &to)?;
        }
        Ok(())
    }

    /// Publishes what the store holds now as its newest snapshot, and removes the older ones
    /// no reader holds. Call it when a write has finished, with the store open; it is closed
    /// once the snapshot is taken. `beside` writes what readers need beside the store into the
    /// new snapshot's folder before it is published (see [`crate::index`]); it is given that
    /// folder and the previous snapshot's.
    ///
    /// The writer's store is closed before `beside` runs so that the indexes are written from
    /// the snapshot, opened with every table file open: a writer keeps at most
    /// [`crate::store::BUILD_OPEN_FILES`] open, and the views' lookups, which touch every file,
    /// reopened files all the time (at 100k documents, 486 s for the indexes against 64 s),
    /// while closing it frees its caches first.
    pub fn publish(
        &self,
        kg: KgStore,
        beside: &dyn Fn(&Path, Option<&Path>) -> Result<()>,
    ) -> Result<()> {
        let dir = self.store.join(SNAPSHOTS);
        let failed = |what: &Path| {
            let what = what.display().to_string();
            move |source| Error::Write { what, source }
        };
        std::fs::create_dir_all(&dir).map_err(failed(&dir))?;
        let (generations, unfinished) = listing(&dir);
        for u in unfinished {
            let _ = std::fs::remove_dir_all(u);
        }
        let next = generations.last().map_or(1, |(n, _)| n + 1);
        let tmp = dir.join(format!("tmp-{next}"));
        kg.inner().backup(&tmp).map_err(|e| kg.err(e))?;
        // The identity graph's copy is the snapshot's too (the graph is the same): a link.
        let copy = self.store.join(crate::resolve::IDENTITY_COPY);
        if copy.exists() {
            std::fs::hard_link(&copy, tmp.join(crate::resolve::IDENTITY_COPY))
                .map_err(failed(&tmp))?;
        }
        drop(kg);
        File::create(tmp.join(READERS)).map_err(failed(&tmp))?;
        beside(&tmp, generations.last().map(|(_, p)| p.as_path()))?;
        fault::point(Phase::Publish);
        let published = dir.join(format!("{next:010}"));
        std::fs::rename(&tmp, &published).map_err(failed(&published))?;
        fault::point(Phase::Publish);
        for (_, old) in generations {
            remove_unheld(&old);
        }
        Ok(())
    }
}

impl Drop for WriteLock {
    /// A writer that finishes, or fails with an error, empties its record; one that is
    /// killed leaves it, for the next writer to report.
    fn drop(&mut self) {
        for f in &self.files {
            let _ = f.set_len(0);
        }
    }
}

/// A store opened for reading: the newest snapshot, held while this lives.
pub struct Reader {
    kg: KgStore,
    /// The snapshot and the lock on it, or None when reading the store itself (see [`open`]).
    held: Option<(PathBuf, File)>,
}

impl Reader {
    /// The folder read: the snapshot, which holds its indexes (see [`crate::index`]), or the
    /// store itself.
    pub fn dir(&self) -> Option<&Path> {
        self.held.as_ref().map(|(d, _)| d.as_path())
    }

    /// The generation of the snapshot read, or None when reading the store itself.
    pub fn generation(&self) -> Option<u64> {
        let (dir, _) = self.held.as_ref()?;
        dir.file_name()?.to_str()?.parse().ok()
    }
}

/// The generation of the newest published snapshot of `store`, if any: one listing of a
/// small folder, cheap enough to ask before every request of a long-running reader, which
/// reopens ([`open`]) when it is newer than the one it holds.
pub fn newest(store: &Path) -> Option<u64> {
    listing(&store.join(SNAPSHOTS)).0.last().map(|(n, _)| *n)
}

impl std::ops::Deref for Reader {
    type Target = KgStore;
    fn deref(&self) -> &KgStore {
        &self.kg
    }
}

impl Drop for Reader {
    /// The last reader of a snapshot that is no longer the newest removes it.
    fn drop(&mut self) {
        if let Some((dir, file)) = self.held.take() {
            let _ = file.unlock();
            drop(file);
            if let Some(parent) = dir.parent() {
                let (generations, _) = listing(parent);
                if generations.last().is_some_and(|(_, newest)| *newest != dir) {
                    remove_unheld(&dir);
                }
            }
        }
    }
}

/// Opens the store at `store` for reading: its newest snapshot, read-only. A store written
/// before snapshots existed has none until its next build; it is then read directly, under a
/// shared lock, so that a writer cannot start while it is read and a running one is named.
/// A store whose every write so far was stopped part-way has nothing finished to read
/// ([`Error::Unfinished`]): reading it would show half a build.
pub fn open(store: &Path) -> Result<Reader> {
    let dir = store.join(SNAPSHOTS);
    // A writer may be removing the snapshot found, or publishing the first: look again.
    for _ in 0..50 {
        let (generations, _) = listing(&dir);
        if let Some((_, newest)) = generations.last() {
            if let Ok(file) = File::open(newest.join(READERS)) {
                if file.try_lock_shared().is_ok() && newest.is_dir() {
                    let kg = KgStore::open_read_only(newest)?;
                    return Ok(Reader {
                        kg,
                        held: Some((newest.clone(), file)),
                    });
                }
            }
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        let path = store.join(LOCK_FILE);
        let file = match File::open(&path) {
            Ok(f) => f,
            // Written before hkg kept a lock or snapshots: read the store itself.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Reader {
                    kg: KgStore::open_read_only(store)?,
                    held: None,
                });
            }
            Err(source) => return Err(lock_failed(&path, source)),
        };
        if file.try_lock_shared().is_err() {
            if dir.is_dir() {
                // Publishing its first snapshot.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            return Err(Error::Locked {
                store: store.display().to_string(),
                holder: format!("{} and has no finished build to read yet", holder_of(&path)),
            });
        }
        // No writer, and none can start while `file` is locked. A store that had a
        // writer and has no snapshot was never finished: what it holds is half a build.
        let record = holder_of(&path);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            return Err(Error::Unfinished {
                store: store.display().to_string(),
                writer: record,
            });
        }
        return Ok(Reader {
            kg: KgStore::open_read_only(store)?,
            held: Some((store.to_owned(), file)),
        });
    }
    Err(Error::Locked {
        store: store.display().to_string(),
        holder: holder_of(&store.join(LOCK_FILE)),
    })
}

/// Makes `to` a snapshot with the files of `snapshot`, hard-linked: a snapshot is never
/// written, and its table files are hard links already. Its readers file is its own.
fn link_snapshot(snapshot: &Path, to: &Path) -> Result<()> {
    let failed = |source| Error::Write {
        what: to.display().to_string(),
        source,
    };
    std::fs::create_dir_all(to).map_err(failed)?;
    for entry in std::fs::read_dir(snapshot).map_err(failed)? {
        let entry = entry.map_err(failed)?;
        if entry.file_name() != READERS {
            std::fs::hard_link(entry.path(), to.join(entry.file_name())).map_err(failed)?;
        }
    }
    File::create(to.join(READERS)).map_err(failed)?;
    Ok(())
}

/// The published snapshots of `dir` by generation, oldest first, and unfinished ones.
fn listing(dir: &Path) -> (Vec<(u64, PathBuf)>, Vec<PathBuf>) {
    let mut generations = Vec::new();
    let mut unfinished = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Ok(n) = name.parse::<u64>() {
                generations.push((n, e.path()));
            } else if name.starts_with("tmp-") {
                unfinished.push(e.path());
            }
        }
    }
    generations.sort();
    (generations, unfinished)
}

/// Removes a snapshot unless a reader holds it.
fn remove_unheld(snapshot: &Path) {
    if let Ok(f) = File::open(snapshot.join(READERS)) {
        if f.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(snapshot);
        }
    }
}

fn open_lock_file(path: &Path) -> Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|source| lock_failed(path, source))
}

fn lock_failed(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        what: format!("{} (the store's lock)", path.display()),
        source,
    }
}

/// Who holds the lock, as its file records it.
fn holder_of(path: &Path) -> String {
    let record = std::fs::read_to_string(path).unwrap_or_default();
    let record = record.trim();
    if record.is_empty() {
        "another hkg process".to_owned()
    } else {
        record.to_owned()
    }
}

/// The time now, as `2026-12-02 08:30:05 UTC`.
fn utc_now() -> String {
    utc(SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()))
}

/// Seconds since 1970 as `2026-12-02 08:30:05 UTC`.
fn utc(secs: u64) -> String {
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = crate::ingest::civil_date(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_first_ones_record_and_a_dead_ones_is_reported() {
        let dir = tempfile::tempdir().expect("tmp");
        let store = dir.path().join("kg");
        let first = WriteLock::acquire(&store, "hkg build").expect("first writer");
        assert!(first.taken_over().is_none());
        let err = WriteLock::acquire(&store, "hkg rm").err().expect("refused");
        let msg = err.to_string();
        assert!(msg.contains("is being written by `hkg build`"), "{msg}");
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        drop(first);
        // A finished writer leaves no record; a killed one (its record left, its lock gone
        // with its process) is named by the next.
        let second = WriteLock::acquire(&store, "hkg rm").expect("free again");
        assert!(second.taken_over().is_none());
        drop(second);
        let record = "`hkg rm` (pid 4000000, since 2026-12-01 10:00:00 UTC)";
        std::fs::write(store.join(LOCK_FILE), record).expect("a killed writer's record");
        let third = WriteLock::acquire(&store, "hkg build").expect("lock of a dead writer");
        assert!(third
            .taken_over()
            .is_some_and(|r| r.starts_with("`hkg rm`")));
    }

    #[test]
    fn lock_records_carry_civil_utc_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_796_200_205), "2026-12-02 08:30:05 UTC");
    }
}
