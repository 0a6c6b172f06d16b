//! Receiver types across the files of a crate: a call is judged by what the
//! crate declares for its receiver's type, wherever in the crate the type,
//! its fields and its methods are declared (the crate model), and by the
//! well-known types a field declared in another file names.

mod common;
use common::{pollcheck, project, stdout};

/// The crate's own types, declared in `types.rs`.
const TYPES: &str = "\
use std::io;
use std::net::TcpStream;
use std::task::{Context, Poll};

pub struct Batch {
    pub rows: Vec<u32>,
}

#[derive(Debug)]
pub struct EncodeError;

/// A record writer: its `write` takes a record and returns no count.
pub struct RecordWriter<W> {
    pub sink: W,
}

impl<W: io::Write> RecordWriter<W> {
    pub fn try_new(sink: W) -> Result<Self, EncodeError> {
        Ok(RecordWriter { sink })
    }

    pub fn write(&mut self, batch: &Batch) -> Result<(), EncodeError> {
        let _ = batch;
        Ok(())
    }
}

/// A raw descriptor: `write` is `write(2)`, which may write part.
pub struct Fd(pub i32);

impl Fd {
    pub fn write(&self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
}

/// A state machine: its `close` fails with its own error, no IO.
pub struct Session;

#[derive(Debug)]
pub struct AlreadyClosed;

impl Session {
    pub fn close(&mut self) -> Result<(), AlreadyClosed> {
        Ok(())
    }
}

/// A pipe whose `close` says it is IO.
pub struct Pipe;

impl Pipe {
    pub fn close(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A waiter: `poll_ready` returns `Poll<()>`, it is no `Sink`.
pub struct Waiter;

impl Waiter {
    pub fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        let _ = cx;
        Poll::Ready(())
    }
}

/// A connection whose fields are judged from `conn.rs`.
pub struct Conn {
    pub scratch: Vec<u8>,
    pub socket: TcpStream,
    pub log: io::BufWriter<std::fs::File>,
    pub inner: Inner,
}

pub struct Inner {
    pub staging: Vec<u8>,
    pub wire: TcpStream,
}

impl Conn {
    /// The staging buffer, for a caller to write into.
    pub fn staging(&mut self) -> Option<&mut Vec<u8>> {
        Some(&mut self.inner.staging)
    }
}

/// A sink writer: `write` queues an item and hands it back when the sink
/// is closed, which is no IO error.
pub struct SinkWrite<I> {
    pub queue: Vec<I>,
}

impl<I> SinkWrite<I> {
    pub fn write(&mut self, item: I) -> Result<(), I> {
        self.queue.push(item);
        Ok(())
    }
}

/// A framed writer whose `write` of an item fails with an IO error.
pub struct Framed<I> {
    pub sent: Vec<I>,
}

impl<I> Framed<I> {
    pub fn write(&mut self, item: I) -> io::Result<()> {
        self.sent.push(item);
        Ok(())
    }
}

/// A completion-based writer: its `write` gives the buffer back beside an
/// IO result, under an alias that is not `Result` itself.
pub type BufResult<T, B> = (io::Result<T>, B);

pub struct Ring {
    pub submitted: usize,
}

impl Ring {
    pub fn write<B>(&mut self, buf: B) -> BufResult<usize, B> {
        self.submitted += 1;
        (Ok(0), buf)
    }
}

pub struct Actor {
    pub sink: SinkWrite<Vec<u8>>,
    pub framed: Framed<Vec<u8>>,
    pub ring: Ring,
}
";

/// Calls in `user.rs` on the types `types.rs` declares.
const USER: &str = "\
use std::io::{self, Write};
use std::task::Context;

use crate::types::{Batch, Conn, Fd, Pipe, RecordWriter, Session, Waiter};

pub fn save(file: std::fs::File, batch: &Batch) -> Result<(), crate::types::EncodeError> {
    let mut writer = RecordWriter::try_new(file)?;
    writer.write(batch)?;
    let _ = writer.write(batch);
    Ok(())
}

pub fn poke(fd: &Fd) -> io::Result<()> {
    fd.write(b\"x\")?;
    Ok(())
}

pub fn finish(session: &mut Session, pipe: &mut Pipe) {
    let _ = session.close();
    let _ = pipe.close();
}

pub fn wake(waiter: &Waiter, cx: &mut Context<'_>) {
    let _ = waiter.poll_ready(cx);
}

impl Conn {
    pub fn send(&mut self, data: &[u8]) -> io::Result<()> {
        self.scratch.write(data)?;
        self.socket.write(data)?;
        let _ = self.socket.flush();
        let _ = self.log.flush();
        Ok(())
    }

    pub fn relay(&mut self, data: &[u8]) -> io::Result<()> {
        self.inner.staging.write(data)?;
        self.inner.wire.write(data)?;
        let staging = self.staging().unwrap();
        staging.write(data)?;
        Ok(())
    }
}

pub fn save_all(files: Vec<RecordWriter<std::fs::File>>, batch: &Batch) {
    for mut writer in files {
        let _ = writer.write(batch);
    }
}

impl crate::types::Actor {
    pub fn handle(&mut self, bytes: Vec<u8>, frame: Vec<u8>) {
        let _ = self.framed.write(frame);
        let _ = self.sink.write(bytes);
    }

    pub fn submit(&mut self, buf: Vec<u8>) {
        let _ = self.ring.write(buf);
    }
}
";

const LIB: &str = "pub mod types;\npub mod user;\n";

fn findings() -> Vec<String> {
    let dir = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"typed\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", LIB),
        ("src/types.rs", TYPES),
        ("src/user.rs", USER),
    ]);
    let output = pollcheck(dir.path(), &["--format", "short", "--no-cache", "."]);
    stdout(&output)
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            Some(format!("{location} {rule}"))
        })
        .collect()
}

#[test]
fn calls_are_judged_by_what_the_crate_declares_for_the_receiver() {
    assert_eq!(
        findings(),
        [
            // `Fd::write` returns a count, declared in another file.
            "src/user.rs:14:8 unused_write_amount",
            // `Pipe::close` returns an `io::Result`.
            "src/user.rs:20:18 discarded_io_result",
            // `self.socket` is a `TcpStream` (declared in types.rs).
            "src/user.rs:30:21 unused_write_amount",
            // `self.log` is a `BufWriter<File>`: its flush matters.
            "src/user.rs:32:26 discarded_io_result",
            // `self.inner.wire` is a `TcpStream` (`Inner`, in types.rs);
            // `self.inner.staging` and what `staging()` returns are `Vec`s,
            // and the loop's `writer`s are record writers: not reported.
            "src/user.rs:38:25 unused_write_amount",
            // `Framed::write` fails with an IO error; `SinkWrite::write`
            // (line 54) hands the item back: not reported.
            "src/user.rs:53:29 discarded_io_result",
            // `Ring::write` gives its buffer back beside an `io::Result`
            // (`BufResult<usize, B>`, not `Result<(), B>`).
            "src/user.rs:58:27 discarded_io_result",
        ]
    );
}
