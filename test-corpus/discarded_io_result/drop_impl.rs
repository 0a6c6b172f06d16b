#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / drop_impl: best-effort flushing inside
//! `impl Drop for X { fn drop(&mut self) { .. } }` is accepted — there is
//! no way to report the error from `drop`. Every discard shape is exempt
//! there. The same code in an ordinary method (or an inherent helper that
//! `drop` calls) is still flagged.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::net::{Shutdown, TcpStream};

/// A buffered file writer that flushes on drop.
pub struct SpillFile {
    out: BufWriter<File>,
    file: File,
    dirty: bool,
}

impl Drop for SpillFile {
    fn drop(&mut self) {
        if self.dirty {
            let _ = self.out.flush(); //~ ok
            self.out.flush(); //~ ok
            _ = self.file.sync_all(); //~ ok
            self.file.sync_data().ok(); //~ ok
        }
    }
}

impl SpillFile {
    /// Not `Drop::drop`: flagged.
    pub fn finish(&mut self) {
        let _ = self.out.flush(); //~ discarded_io_result
        self.file.sync_all(); //~ rustc
        self.dirty = false;
    }

    /// Helper called from `drop` elsewhere: still flagged, it is not inside
    /// the Drop impl.
    fn flush_best_effort(&mut self) {
        self.out.flush().ok(); //~ discarded_io_result
    }
}

/// A TCP session that says goodbye when dropped.
pub struct Session {
    stream: TcpStream,
    user: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = writeln!(self.stream, "BYE {}", self.user); //~ ok
        write!(self.stream, "\r\n"); //~ ok
        self.stream.write_all(b"QUIT\r\n"); //~ ok
        drop(self.stream.flush()); //~ ok
        let _ignored = self.stream.shutdown(Shutdown::Both); //~ ok
    }
}

impl Session {
    pub fn logout(&mut self) {
        let _ = writeln!(self.stream, "BYE {}", self.user); //~ discarded_io_result
        self.stream.shutdown(Shutdown::Both); //~ rustc
    }
}

/// Generic guard: the Drop impl has its own generics and a where clause.
pub struct FlushGuard<W: Write> {
    inner: W,
    armed: bool,
}

impl<W> Drop for FlushGuard<W>
where
    W: Write,
{
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        for _ in 0..3 {
            if self.inner.flush().is_ok() { //~ ok
                break;
            }
        }
        let _: io::Result<()> = self.inner.flush(); //~ ok
        match self.armed {
            true => {
                self.inner.write_all(b"\n"); //~ ok
            }
            false => {}
        }
    }
}

impl<W: Write> FlushGuard<W> {
    pub fn disarm(mut self) -> W {
        let _ = self.inner.flush(); //~ discarded_io_result
        self.armed = false;
        // move out without running Drop::drop
        let this = std::mem::ManuallyDrop::new(self);
        unsafe { std::ptr::read(&this.inner) }
    }
}

/// `std::ops::Drop` spelled with a path.
pub struct AuditLog {
    out: File,
}

impl std::ops::Drop for AuditLog {
    fn drop(&mut self) {
        writeln!(self.out, "audit log closed"); //~ ok
        let _ = self.out.sync_all(); //~ ok
    }
}

/// Nested module: a Drop impl inside a module is still a Drop impl.
pub mod pool {
    use std::io::Write;

    pub struct Pooled<W: Write> {
        pub conn: W,
    }

    impl<W: Write> Drop for Pooled<W> {
        fn drop(&mut self) {
            let _ = self.conn.flush(); //~ ok
        }
    }

    pub fn recycle<W: Write>(p: &mut Pooled<W>) {
        let _ = p.conn.flush(); //~ discarded_io_result
    }
}
