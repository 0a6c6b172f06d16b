#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / receiver_types: the receiver's type, as far as
//! this file's declarations tell, decides before names do.
//! * `self.field` of a struct declared here: a hasher or an in-memory
//!   buffer is no IO; a `TcpStream`, a `File` or `BufWriter<W>` is.
//! * Parameters and generic parameters: `W: fmt::Write` formats into
//!   memory, `W: Encode` (a trait that is not a write trait) is no IO,
//!   `W: io::Write` and `impl Write` are IO.
//! * Locals: `File::create(p)?`, `TcpStream::connect(a)?` are IO even where
//!   the file declares a `write` of its own that returns no `Result`.

use std::fmt;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, BufWriter, Write};
use std::net::TcpStream;

/// A stand-in for `sha2::Sha256`, which implements `io::Write` to feed
/// bytes to the digest.
pub struct Sha256(Vec<u8>);

impl io::Write for Sha256 {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub trait Encode {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize>;
    fn flush(&mut self) -> io::Result<()>;
}

pub struct Digester {
    hasher: Sha256,
    scratch: Vec<u8>,
    socket: TcpStream,
    log: BufWriter<File>,
}

impl Digester {
    pub fn feed(&mut self, data: &[u8]) {
        let _ = self.hasher.write(data); //~ ok
        let _ = self.hasher.flush(); //~ ok
        let _ = self.scratch.write(data); //~ ok
        let _ = self.socket.write(data); //~ discarded_io_result
        // A socket's `flush` does nothing: nothing is lost.
        let _ = self.socket.flush(); //~ ok
        let _ = self.log.flush(); //~ discarded_io_result
        drop(self.log.write_all(data)); //~ discarded_io_result
    }
}

pub fn format_into<W: fmt::Write>(out: &mut W, name: &str) {
    let _ = write!(out, "{name}"); //~ ok
    let _ = out.write_str(name); //~ ok
}

pub fn encode_into<E: Encode>(encoder: &mut E, data: &[u8]) {
    let _ = encoder.write(data); //~ ok
    let _ = encoder.flush(); //~ ok
}

pub fn encode_where<E>(encoder: &mut E, data: &[u8])
where
    E: Encode + Send,
{
    let _ = encoder.flush(); //~ ok
}

pub fn send_to<W: io::Write>(out: &mut W, data: &[u8]) {
    let _ = out.write_all(data); //~ discarded_io_result
}

pub fn send_impl(out: &mut impl Write, data: &[u8]) {
    let _ = out.flush(); //~ discarded_io_result
}

pub fn hash_into(state: &mut impl Hasher, data: &[u8]) {
    state.write(data); //~ ok
}

/// A record writer of this file: its `write` returns no `Result`.
pub struct Rows;

impl Rows {
    pub fn write(&mut self, row: &[u8]) {}
    pub fn flush(&mut self) {}
}

pub fn save(path: &str, rows: &mut Rows, data: &[u8]) -> io::Result<()> {
    rows.write(data); //~ ok
    let _ = rows.flush(); //~ ok
    let mut file = File::create(path)?;
    let _ = file.write_all(data); //~ discarded_io_result
    let _ = file.flush(); //~ discarded_io_result
    let mut peer = TcpStream::connect("127.0.0.1:9")?;
    peer.write(data).ok(); //~ discarded_io_result
    Ok(())
}

/// Fields reached through a pin projection (`let this = self.project();`)
/// are `self`'s.
pub struct Framed {
    hasher: Sha256,
    socket: TcpStream,
}

pub struct FramedProjection<'a> {
    hasher: &'a mut Sha256,
    socket: &'a mut TcpStream,
}

impl Framed {
    fn project(&mut self) -> FramedProjection<'_> {
        FramedProjection {
            hasher: &mut self.hasher,
            socket: &mut self.socket,
        }
    }

    pub fn send(&mut self, data: &[u8]) {
        let this = self.project();
        let _ = this.hasher.write(data); //~ ok
        let _ = this.socket.write_all(data); //~ discarded_io_result
    }
}

/// `flush` is declared both ways in this file (`Sha256`'s returns a
/// `Result`, `Rows`'s does not): a call on a receiver of unknown type is
/// left alone.
fn pick(rows: &mut Rows) -> &mut Rows {
    rows
}

pub fn unknown_receiver(rows: &mut Rows) {
    let _ = pick(rows).flush(); //~ ok
}
