//! The per-document extracts of a build, kept in an embedded SQLite database
//! (`extracts.sqlite` in the output folder) so that `build --update` re-extracts
//! only new or changed documents and `merge` can combine build outputs.
//!
//! One row per document: its id, the content hash of the document that was
//! extracted, and the [`DocumentExtract`] as JSON (the same object that
//! `newsgraph extract --jsonl` prints). A `meta` table records which extractor
//! (binary) wrote the rows: a different one means every document is re-extracted.

use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};

use crate::pipeline::DocumentExtract;
use crate::text::Document;
use crate::{Error, Result};

pub mod parts;

/// The database's file name inside an output folder.
pub const DB_FILE: &str = "extracts.sqlite";
/// The lock file that keeps two builds out of one output folder.
pub const LOCK_FILE: &str = ".newsgraph.lock";

/// Bumped when the stored JSON's shape changes; older stores are re-extracted.
pub const SCHEMA: &str = "1";

/// An open extract database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The content hash that keys a document: FNV-1a (128 bits) over id, title, date and text.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Fnv128::new();
    h.write(doc.id.as_bytes());
    h.write(&[0xff]);
    h.write(doc.title.as_deref().unwrap_or("\u{0}").as_bytes());
    h.write(&[0xff]);
    h.write(doc.date.as_deref().unwrap_or("\u{0}").as_bytes());
    h.write(&[0xff]);
    h.write(doc.text.as_bytes());
    format!("{:032x}", h.finish())
}

/// FNV-1a, 128-bit: stable across platforms and Rust versions.
pub struct Fnv128(u128);

impl Fnv128 {
    pub fn new() -> Self {
        Fnv128(0x6c62272e07bb014262b821756295c58d)
    }
    pub fn write(&mut self, bytes: &[u8]) {
        const PRIME: u128 = 0x0000000001000000000000000000013B;
        for &b in bytes {
            self.0 ^= b as u128;
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }
    pub fn finish(&self) -> u128 {
        self.0
    }
}

impl Default for Fnv128 {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// Opens (creating when absent) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let cannot_open = |e: rusqlite::Error| Error::store(path, format!("cannot open the extract database: {e}"));
        let conn = Connection::open(path).map_err(cannot_open)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(cannot_open)?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, hash TEXT NOT NULL, extract TEXT NOT NULL);",
        )
        .map_err(|e| Error::store(path, format!("not a newsgraph extract database: {e}")))?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens an existing database read-only; an error naming the file when absent.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::store(
                path,
                "the extract database does not exist (`newsgraph build` or `newsgraph merge` writes it)",
            ));
        }
        let cannot_open = |e: rusqlite::Error| Error::store(path, format!("cannot open the extract database: {e}"));
        let conn =
            Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(cannot_open)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(cannot_open)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// A fresh database at `path` for a full build: fast settings, since an
    /// interrupted build throws the file away (it is renamed into place at the end).
    pub fn create_fresh(path: &Path) -> Result<Store> {
        for p in [path.to_path_buf(), journal(path)] {
            if p.exists() {
                remove(&p)?;
            }
        }
        let s = Store::open(path)?;
        s.conn
            .execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(|e| s.fail("cannot set up the new extract database", e))?;
        Ok(s)
    }

    /// Before a finished full build's file replaces `path`: a killed
    /// `--update` may have left `path` with a hot journal. Renaming a new file
    /// over `path` while that journal stays would make SQLite "roll back" old
    /// pages into the new file and corrupt it, so the journal is played back
    /// (by opening the old file) or, when the old file cannot be opened,
    /// removed with it: the new file replaces both.
    pub fn settle_before_replace(path: &Path) -> Result<()> {
        let j = journal(path);
        if !j.exists() {
            return Ok(());
        }
        let recovered = Store::open(path).and_then(|s| s.len()).is_ok();
        let doomed = if recovered { vec![j] } else { vec![j, path.to_path_buf()] };
        for p in doomed.into_iter().filter(|p| p.exists()) {
            remove(&p)?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An error naming the database: what could not be done, and why.
    fn fail(&self, what: &str, e: impl Display) -> Error {
        Error::store(&self.path, format!("{what}: {e}"))
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.fail(&format!("cannot read {key:?} from the meta table"), e))
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![key, value])
            .map_err(|e| self.fail(&format!("cannot write {key:?} to the meta table"), e))?;
        Ok(())
    }

    /// Every stored document id with its content hash.
    pub fn hashes(&self) -> Result<HashMap<String, String>> {
        let read = || -> rusqlite::Result<HashMap<String, String>> {
            let mut st = self.conn.prepare("SELECT id, hash FROM docs")?;
            let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            rows.collect()
        };
        read().map_err(|e| self.fail("cannot read the stored document hashes", e))
    }

    pub fn len(&self) -> Result<usize> {
        let n = self
            .conn
            .query_row("SELECT COUNT(*) FROM docs", [], |r| r.get::<_, i64>(0))
            .map_err(|e| self.fail("cannot count the stored documents", e))?;
        Ok(n as usize)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Starts a transaction: nothing is visible (or kept after a crash) until [`Store::commit`].
    pub fn begin(&self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.fail("cannot start writing", e))
    }

    pub fn commit(&self) -> Result<()> {
        self.conn.execute_batch("COMMIT").map_err(|e| self.fail("cannot commit the extracts", e))
    }

    /// Stores (or replaces) one document's extract, already serialised as JSON.
    pub fn put_json(&self, id: &str, hash: &str, json: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO docs (id, hash, extract) VALUES (?1, ?2, ?3)")
            .and_then(|mut st| st.execute(params![id, hash, json]))
            .map_err(|e| self.fail(&format!("cannot store the extract of {id:?}"), e))?;
        Ok(())
    }

    pub fn put(&self, hash: &str, x: &DocumentExtract) -> Result<()> {
        let json = serde_json::to_string(x)
            .map_err(|e| self.fail(&format!("cannot serialise the extract of {:?}", x.id), e))?;
        self.put_json(&x.id, hash, &json)
    }

    pub fn delete(&self, id: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM docs WHERE id = ?1")
            .and_then(|mut st| st.execute([id]))
            .map_err(|e| self.fail(&format!("cannot delete the extract of {id:?}"), e))?;
        Ok(())
    }

    /// Calls `f(hash, extract)` for every stored document, in id order.
    pub fn for_each(&self, mut f: impl FnMut(String, DocumentExtract) -> Result<()>) -> Result<()> {
        self.for_each_where(None, |h, x| f(h, x))
    }

    /// Loads the extracts of the given ids (in id order).
    pub fn load_ids(&self, ids: &std::collections::HashSet<String>) -> Result<Vec<(String, DocumentExtract)>> {
        let mut out = Vec::with_capacity(ids.len());
        self.for_each_where(Some(ids), |h, x| {
            out.push((h, x));
            Ok(())
        })?;
        Ok(out)
    }

    fn for_each_where(
        &self,
        only: Option<&std::collections::HashSet<String>>,
        mut f: impl FnMut(String, DocumentExtract) -> Result<()>,
    ) -> Result<()> {
        let bad = |e: &dyn Display| self.fail("cannot read the stored extracts", e);
        let mut st = self.conn.prepare("SELECT id, hash, extract FROM docs ORDER BY id").map_err(|e| bad(&e))?;
        let mut rows = st.query([]).map_err(|e| bad(&e))?;
        while let Some(row) = rows.next().map_err(|e| bad(&e))? {
            let id = row.get_ref(0).map_err(|e| bad(&e))?.as_str().map_err(|e| bad(&e))?;
            if only.is_some_and(|o| !o.contains(id)) {
                continue;
            }
            let hash: String = row.get(1).map_err(|e| bad(&e))?;
            let json = row.get_ref(2).map_err(|e| bad(&e))?.as_str().map_err(|e| bad(&e))?;
            let x: DocumentExtract = serde_json::from_str(json)
                .map_err(|e| self.fail(&format!("the stored extract of {id:?} cannot be read"), e))?;
            f(hash, x)?;
        }
        Ok(())
    }

    /// Closes the connection (needed before renaming the file).
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| Error::store(&self.path, format!("cannot close the extract database: {e}")))
    }
}

/// Removes a stale file before its replacement is written.
fn remove(p: &Path) -> Result<()> {
    std::fs::remove_file(p)
        .map_err(|e| Error::store(p, format!("cannot remove: {e} (remove it by hand, then run again)")))
}

fn journal(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

/// An exclusive lock on an output folder, held while the value lives.
pub struct DirLock {
    _file: std::fs::File,
}

impl DirLock {
    /// Takes the folder's lock, or fails at once with a message naming the folder.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        use fs2::FileExt;
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::store(&path, format!("cannot create the lock file: {e}")))?;
        // Only a lock held elsewhere means another writer; a signal that
        // interrupts the call is retried, and any other failure is named as it is.
        loop {
            match file.try_lock_exclusive() {
                Ok(()) => return Ok(DirLock { _file: file }),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == fs2::lock_contended_error().kind() => {
                    return Err(Error::Locked { dir: dir.to_path_buf(), lock: path })
                }
                Err(e) => return Err(Error::store(&path, format!("cannot lock the output folder: {e}"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stale_journal_never_reaches_the_replacing_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.sqlite");
        Store::open(&db).unwrap().set_meta("k", "old").unwrap();
        // A journal left by a killed writer (here: not a valid one, as after a torn write).
        std::fs::write(journal(&db), b"garbage").unwrap();
        Store::settle_before_replace(&db).unwrap();
        assert!(!journal(&db).exists(), "the journal is gone before the rename");
        let fresh = dir.path().join("x.sqlite.tmp");
        Store::create_fresh(&fresh).unwrap().set_meta("k", "new").unwrap();
        std::fs::rename(&fresh, &db).unwrap();
        assert_eq!(Store::open(&db).unwrap().meta("k").unwrap().as_deref(), Some("new"));
    }

    use super::*;

    #[test]
    fn hash_is_stable_and_content_sensitive() {
        let d = crate::text::Document { id: "a".into(), title: None, date: None, text: "Hello.".into() };
        let h = content_hash(&d);
        assert_eq!(h.len(), 32);
        assert_eq!(h, content_hash(&d.clone()));
        let mut e = d.clone();
        e.text.push(' ');
        assert_ne!(h, content_hash(&e));
        let mut t = d.clone();
        t.title = Some(String::new());
        assert_ne!(h, content_hash(&t));
    }

    #[test]
    fn store_round_trips_extracts_in_id_order() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(DB_FILE);
        let s = Store::create_fresh(&p).unwrap();
        let mk = |id: &str, text: &str| crate::input::document(id.into(), None, None, text.into());
        let docs = [mk("b", "Mark Carney met Keir Starmer in London."), mk("a", "Donald Trump visited Canada.")];
        s.begin().unwrap();
        for d in &docs {
            s.put(&content_hash(d), &crate::pipeline::extract_document(d)).unwrap();
        }
        s.commit().unwrap();
        s.close().unwrap();
        let s = Store::open(&p).unwrap();
        let mut ids = Vec::new();
        s.for_each(|_, x| {
            ids.push(x.id.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(s.hashes().unwrap()["b"], content_hash(&docs[0]));
        let again = s.load_ids(&["b".to_string()].into_iter().collect()).unwrap();
        assert_eq!(again[0].1, crate::pipeline::extract_document(&docs[0]));
    }

    #[test]
    fn a_second_lock_fails_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let _a = DirLock::acquire(dir.path()).unwrap();
        let b = DirLock::acquire(dir.path());
        let msg = format!("{:#}", b.err().unwrap());
        assert!(msg.contains("another newsgraph build"), "{msg}");
    }
}
