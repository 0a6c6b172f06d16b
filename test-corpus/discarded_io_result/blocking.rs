#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / blocking: `std::io::Write`-style calls whose
//! `io::Result` is thrown away. Methods: flush, write, write_all,
//! write_vectored, write_all_vectored, write_fmt, sync_all, sync_data,
//! shutdown(how), close. Discards: `let _ =`, `let _: T =`, `_ =`,
//! `drop(..)`, `std::mem::drop(..)`, unused `let _name =`, `E.ok();`,
//! `let _ = E.ok();`, `E.map_err(..)` / `E.map(..)` (still a Result) and a
//! bare `E;`. `w.write(b);` without `?` is this rule, not
//! unused_write_amount.

use std::fs::File;
use std::io::{self, BufWriter, IoSlice, Write};
use std::net::{Shutdown, TcpStream};

#[derive(Debug)]
pub enum LogError {
    Io(io::Error),
    Closed,
}

/// Append-only log backed by a buffered file.
pub struct LogFile {
    out: BufWriter<File>,
    file: File,
    lines: u64,
}

impl LogFile {
    pub fn append_stmt(&mut self, line: &str) {
        self.out.write_all(line.as_bytes()); //~ rustc
        self.out.write_all(b"\n"); //~ rustc
        self.lines += 1;
    }

    pub fn append_let(&mut self, line: &str) {
        let _ = self.out.write_all(line.as_bytes()); //~ discarded_io_result
        let _ = self.out.write(b"\n"); //~ discarded_io_result
        self.lines += 1;
    }

    pub fn append_typed(&mut self, line: &str) {
        let _: io::Result<()> = self.out.write_all(line.as_bytes()); //~ discarded_io_result
        let _: io::Result<usize> = self.out.write(b"\n"); //~ discarded_io_result
    }

    pub fn append_assign(&mut self, line: &str) {
        _ = self.out.write_all(line.as_bytes()); //~ discarded_io_result
        _ = self.out.flush(); //~ discarded_io_result
    }

    pub fn append_drop(&mut self, line: &str) {
        drop(self.out.write_all(line.as_bytes())); //~ discarded_io_result
        std::mem::drop(self.out.flush()); //~ discarded_io_result
    }

    pub fn append_named(&mut self, line: &str) {
        let _written = self.out.write(line.as_bytes()); //~ discarded_io_result
        let _flushed = self.out.flush(); //~ discarded_io_result
        self.lines += 1;
    }

    pub fn append_ok(&mut self, line: &str) {
        self.out.write_all(line.as_bytes()).ok(); //~ discarded_io_result
        let _ = self.out.flush().ok(); //~ discarded_io_result
    }

    pub fn append_map_err(&mut self, line: &str) {
        self.out.write_all(line.as_bytes()).map_err(LogError::Io); //~ rustc
        let _ = self.out.flush().map_err(|e| LogError::Io(e)); //~ discarded_io_result
        self.out.flush().map(|()| self.lines += 1); //~ rustc
    }

    pub fn append_plain_write(&mut self, line: &str) {
        self.out.write(line.as_bytes()); //~ ok
        self.out.write_fmt(format_args!(" #{}\n", self.lines)); //~ rustc
    }

    pub fn append_vectored(&mut self, head: &[u8], body: &[u8]) {
        let bufs = [IoSlice::new(head), IoSlice::new(body)];
        self.out.write_vectored(&bufs); //~ ok
        let _ = self.out.write_vectored(&bufs); //~ discarded_io_result
    }

    pub fn checkpoint(&mut self) {
        self.out.flush(); //~ ok
        self.file.sync_all(); //~ rustc
        let _ = self.file.sync_data(); //~ discarded_io_result
    }

    /// Multi-line chain: reported on the `.write_all` line.
    pub fn append_multiline(&mut self, line: &str) {
        let _ = self
            .out
            .write_all(line.as_bytes()); //~ discarded_io_result
        self.out
            .flush() //~ rustc
            .map_err(LogError::Io);
    }

    /// Correct counterpart.
    pub fn append_checked(&mut self, line: &str) -> Result<(), LogError> {
        self.out.write_all(line.as_bytes()).map_err(LogError::Io)?; //~ ok
        self.out.flush().map_err(LogError::Io)?; //~ ok
        self.file.sync_data().map_err(LogError::Io) //~ ok
    }
}

/// Journal with an inherent gather-write (std's is unstable).
pub struct Journal {
    segments: Vec<Vec<u8>>,
}

impl Journal {
    pub fn write_all_vectored(&mut self, bufs: &mut [IoSlice<'_>]) -> io::Result<()> {
        for b in bufs.iter() {
            self.segments.push(b.to_vec());
        }
        Ok(())
    }

    pub fn close(&mut self) -> io::Result<()> {
        self.segments.clear();
        Ok(())
    }
}

pub fn commit(j: &mut Journal, header: &[u8], payload: &[u8]) {
    let mut bufs = [IoSlice::new(header), IoSlice::new(payload)];
    j.write_all_vectored(&mut bufs); //~ rustc
    let _ = j.write_all_vectored(&mut bufs); //~ discarded_io_result
    let _ = j.close(); //~ discarded_io_result
}

/// Generic writers and sockets in free functions.
pub fn dump_rows<W: Write>(w: &mut W, rows: &[(u32, &str)]) {
    for (id, name) in rows {
        w.write_fmt(format_args!("{id}\t{name}\n")); //~ rustc
    }
    let _ = w.flush(); //~ discarded_io_result
}

pub fn hang_up(stream: &mut TcpStream) {
    stream.write_all(b"QUIT\r\n"); //~ rustc
    stream.shutdown(Shutdown::Both); //~ rustc
}

pub fn hang_up_let(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write); //~ discarded_io_result
}

pub fn hang_up_checked(stream: &mut TcpStream) -> io::Result<()> {
    stream.write_all(b"QUIT\r\n")?; //~ ok
    stream.shutdown(Shutdown::Both) //~ ok
}
