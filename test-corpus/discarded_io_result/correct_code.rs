#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / correct_code: IO results that are propagated or
//! handled, plus non-IO `Result`s that are never this rule's business.
//! Handled: `?`, `let _ = E?;` (value is `()`), `.map_err(..)?`,
//! `.unwrap()`, `.expect(..)`, `if let Err`, `match`, bound-and-used
//! (`let r = E; r?`, `let _r = E;` read later), returned, stored, or turned
//! into a condition. Never flagged: channel sends, `std::fs::remove_file`,
//! collection `push`/`insert`, `JoinHandle::join`, `str::parse`.
//! Nothing in this file may fire.

use std::collections::{BTreeSet, HashMap};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::thread;

#[derive(Debug)]
pub enum StoreError {
    Io(io::Error),
    Full,
}

impl From<io::Error> for StoreError {
    fn from(e: io::Error) -> Self {
        StoreError::Io(e)
    }
}

/// Write-ahead log that handles every write error.
pub struct Wal {
    out: BufWriter<File>,
    file: File,
    errors: Vec<io::Result<()>>,
    seq: u64,
}

impl Wal {
    pub fn append(&mut self, rec: &[u8]) -> io::Result<()> {
        self.out.write_all(&(rec.len() as u32).to_le_bytes())?; //~ ok
        self.out.write_all(rec)?; //~ ok
        self.out.flush()?; //~ ok
        let _ = self.out.flush()?; //~ ok
        let _ = self.file.sync_data()?; //~ ok
        self.seq += 1;
        Ok(())
    }

    pub fn append_wrapped(&mut self, rec: &[u8]) -> Result<(), StoreError> {
        self.out.write_all(rec).map_err(StoreError::Io)?; //~ ok
        self.out.flush().map_err(StoreError::from)?; //~ ok
        writeln!(self.out, "#{}", self.seq).map_err(StoreError::Io)?; //~ ok
        Ok(())
    }

    pub fn append_or_panic(&mut self, rec: &[u8]) {
        self.out.write_all(rec).unwrap(); //~ ok
        self.out.flush().expect("wal flush"); //~ ok
        self.file.sync_all().expect("wal fsync"); //~ ok
    }

    pub fn sync_handled(&mut self) -> Result<(), StoreError> {
        if let Err(e) = self.out.flush() { //~ ok
            return Err(StoreError::Io(e));
        }
        match self.file.sync_all() { //~ ok
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub fn sync_bound(&mut self) -> io::Result<()> {
        let r = self.out.flush(); //~ ok
        r?;
        let _synced = self.file.sync_data(); //~ ok
        if let Err(e) = _synced {
            return Err(e);
        }
        let outcome = self.file.sync_all(); //~ ok
        outcome
    }

    pub fn sync_recorded(&mut self) {
        self.errors.push(self.out.flush()); //~ ok
        let ok = self.file.sync_all().is_ok(); //~ ok
        if self.out.write_all(b"\n").is_err() { //~ ok
            self.seq = 0;
        }
    }

    pub fn sync_tail(&mut self) -> io::Result<()> {
        self.out.flush() //~ ok
    }

    pub fn sync_return(&mut self, deep: bool) -> io::Result<()> {
        if deep {
            return self.file.sync_all(); //~ ok
        }
        Ok(self.out.flush()?) //~ ok
    }

    pub fn sync_chain(&mut self) -> io::Result<()> {
        self.out.flush().and_then(|()| self.file.sync_data())?; //~ ok
        Ok(())
    }
}

/// Closures returning `io::Result` propagate with `?`.
pub fn write_all_files(paths: &[&Path], body: &[u8]) -> io::Result<()> {
    let write_one = |p: &Path| -> io::Result<()> {
        let mut f = File::create(p)?;
        f.write_all(body)?; //~ ok
        f.sync_all() //~ ok
    };
    for p in paths {
        write_one(p)?;
    }
    Ok(())
}

pub fn close_socket(s: &TcpStream) -> io::Result<()> {
    s.shutdown(Shutdown::Write)?; //~ ok
    Ok(())
}

/// Non-IO results: never flagged.
pub fn not_io(dir: &Path) {
    let (tx, rx) = mpsc::channel::<u32>();
    tx.send(1); //~ ok
    let _ = tx.send(2); //~ ok
    tx.send(3).ok(); //~ ok
    drop(rx);

    fs::remove_file(dir.join("stale.lock")); //~ ok
    let _ = std::fs::remove_file(dir.join("stale.pid")); //~ ok

    let mut v = Vec::new();
    v.push(1u8); //~ ok
    let mut seen = BTreeSet::new();
    seen.insert("a"); //~ ok
    let mut map = HashMap::new();
    map.insert("k", 1); //~ ok
    let _ = map.insert("k", 2); //~ ok

    let h = thread::spawn(|| 7);
    h.join(); //~ ok
    let h2 = thread::spawn(|| 8);
    let _ = h2.join(); //~ ok

    let _ = "1".parse::<u8>(); //~ ok
    "2".parse::<u8>(); //~ ok
}
