#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / close_shutdown: the `close` / `shutdown` special
//! cases. A bare, un-awaited `x.close();` and a bare, un-awaited,
//! argument-less `x.shutdown();` are NOT flagged (too often a channel or a
//! runtime). Flagged: `let _ = x.close();`, `_ = x.close();`,
//! `let _: T = x.close();`, `x.close().ok();`, `s.shutdown(how);` (with an
//! argument), `x.close().await;`, `x.shutdown().await;`.

use std::collections::VecDeque;
use std::future::{ready, Ready};
use std::io;
use std::net::{Shutdown, TcpStream};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Blocking connection with a fallible `close`.
pub struct Conn {
    open: bool,
    outbox: Vec<u8>,
}

impl Conn {
    pub fn close(&mut self) -> io::Result<()> {
        if !self.open {
            return Err(io::ErrorKind::NotConnected.into());
        }
        self.open = false;
        Ok(())
    }
}

/// A channel whose `close` / `shutdown` return `()`.
pub struct Mailbox<T> {
    queue: VecDeque<T>,
    closed: bool,
}

impl<T> Mailbox<T> {
    pub fn close(&mut self) {
        self.closed = true;
    }
    pub fn shutdown(&mut self) {
        self.closed = true;
        self.queue.clear();
    }
}

/// Async stand-ins (futures-io `close`, tokio `shutdown`).
pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn close(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn shutdown(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

// ---- blocking close ----

pub fn teardown_bare(conn: &mut Conn, mb: &mut Mailbox<u8>) {
    conn.close(); //~ ok
    mb.close(); //~ ok
    mb.shutdown(); //~ ok
}

pub fn teardown_let(conn: &mut Conn) {
    let _ = conn.close(); //~ discarded_io_result
}

pub fn teardown_assign(conn: &mut Conn) {
    _ = conn.close(); //~ discarded_io_result
}

pub fn teardown_typed(conn: &mut Conn) {
    let _: io::Result<()> = conn.close(); //~ discarded_io_result
}

pub fn teardown_ok(conn: &mut Conn) {
    conn.close().ok(); //~ discarded_io_result
}

pub fn teardown_checked(conn: &mut Conn) -> io::Result<()> {
    conn.close()?; //~ ok
    if let Err(e) = conn.close() { //~ ok
        assert_eq!(e.kind(), io::ErrorKind::NotConnected);
    }
    Ok(())
}

// ---- socket shutdown with an argument ----

pub struct Peer {
    stream: TcpStream,
    mailbox: Mailbox<Vec<u8>>,
}

impl Peer {
    pub fn hang_up(&mut self) {
        self.mailbox.shutdown(); //~ ok
        self.stream.shutdown(Shutdown::Both); //~ rustc
    }

    pub fn half_close(&self) {
        let _ = self.stream.shutdown(Shutdown::Write); //~ discarded_io_result
    }

    pub fn half_close_checked(&self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)?; //~ ok
        match self.stream.shutdown(Shutdown::Read) { //~ ok
            Err(e) if e.kind() != io::ErrorKind::NotConnected => Err(e),
            _ => Ok(()),
        }
    }
}

// ---- awaited close / shutdown ----

pub async fn close_async<W: AsyncWrite + Unpin>(w: &mut W) {
    w.close().await; //~ ok
    w.shutdown().await; //~ ok
    let _ = w.close().await; //~ discarded_io_result
    w.shutdown().await.ok(); //~ discarded_io_result
}

pub async fn close_async_checked<W: AsyncWrite + Unpin>(w: &mut W) -> io::Result<()> {
    w.close().await?; //~ ok
    w.shutdown().await.expect("shutdown after close"); //~ ok
    w.shutdown().await //~ ok
}
