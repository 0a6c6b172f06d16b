#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / async_await: `AsyncWriteExt`-style futures whose
//! awaited `io::Result` is thrown away: `.flush().await`,
//! `.write_all(..).await`, `.write(..).await`, `.shutdown().await`,
//! `.close().await`, in async fns and async blocks, through every discard
//! shape. Negatives: `.await?`, `let _ = E.await?` (the value is `()`),
//! `if let Err`, `match`, `.unwrap()`, `.expect()`, bound-and-used.

use std::future::{ready, Future, Ready};
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

// ---- stand-ins for tokio::io::{AsyncWrite, AsyncWriteExt} ----

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready(Ok(buf.len()))
    }
    fn write_all<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn flush(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn shutdown(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    /// futures-io spelling of shutdown.
    fn close(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

#[derive(Debug)]
pub struct ProtoError(io::Error);

// ---- an HTTP/1-ish response writer ----

pub struct Response<W> {
    conn: W,
    status: u16,
    body: Vec<u8>,
}

impl<W: AsyncWrite + Unpin> Response<W> {
    pub async fn send_stmt(&mut self) {
        self.conn.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await; //~ rustc
        self.conn.write_all(&self.body).await; //~ rustc
        self.conn.flush().await; //~ rustc
    }

    pub async fn send_let(&mut self) {
        let _ = self.conn.write_all(&self.body).await; //~ discarded_io_result
        let _: io::Result<()> = self.conn.flush().await; //~ discarded_io_result
        _ = self.conn.shutdown().await; //~ discarded_io_result
    }

    pub async fn send_drop(&mut self) {
        drop(self.conn.write_all(&self.body).await); //~ discarded_io_result
        std::mem::drop(self.conn.close().await); //~ discarded_io_result
    }

    pub async fn send_named(&mut self) {
        let _sent = self.conn.write_all(&self.body).await; //~ discarded_io_result
        let _closed = self.conn.close().await; //~ discarded_io_result
        self.status = 0;
    }

    pub async fn send_ok(&mut self) {
        self.conn.write_all(&self.body).await.ok(); //~ discarded_io_result
        let _ = self.conn.flush().await.ok(); //~ discarded_io_result
    }

    pub async fn send_map_err(&mut self) {
        self.conn.write_all(&self.body).await.map_err(ProtoError); //~ rustc
        let _ = self.conn.flush().await.map(|()| true); //~ discarded_io_result
    }

    /// `write` without `?` is this rule (precedence over unused_write_amount).
    pub async fn send_partial(&mut self) {
        self.conn.write(&self.body).await; //~ rustc
        let _ = self.conn.write(b"\r\n").await; //~ discarded_io_result
    }

    pub async fn send_multiline(&mut self) {
        let _ = self
            .conn
            .write_all(&self.body) //~ discarded_io_result
            .await;
        self.conn
            .shutdown() //~ ok
            .await;
    }

    pub async fn close_awaited(&mut self) {
        self.conn.close().await; //~ ok
        self.conn.shutdown().await; //~ ok
    }

    // ---- negatives ----

    pub async fn send_checked(&mut self) -> io::Result<()> {
        self.conn.write_all(&self.body).await?; //~ ok
        let _ = self.conn.write_all(b"\r\n").await?; //~ ok
        let _ = self.conn.flush().await?; //~ ok
        self.conn.shutdown().await //~ ok
    }

    pub async fn send_handled(&mut self) -> Result<(), ProtoError> {
        if let Err(e) = self.conn.flush().await { //~ ok
            return Err(ProtoError(e));
        }
        match self.conn.shutdown().await { //~ ok
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotConnected => {}
            Err(e) => return Err(ProtoError(e)),
        }
        self.conn.close().await.map_err(ProtoError)?; //~ ok
        Ok(())
    }

    pub async fn send_unwrapped(&mut self) {
        self.conn.write_all(&self.body).await.unwrap(); //~ ok
        self.conn.flush().await.expect("flush response"); //~ ok
    }

    pub async fn send_bound(&mut self) -> io::Result<usize> {
        let r = self.conn.flush().await; //~ ok
        r?;
        let n = self.conn.write(&self.body).await?; //~ ok
        Ok(n)
    }
}

// ---- free async fns and async blocks ----

pub async fn relay<W: AsyncWrite + Unpin>(w: &mut W, chunks: &[Vec<u8>]) {
    for c in chunks {
        w.write_all(c).await; //~ rustc
    }
    let _ = w.flush().await; //~ discarded_io_result
}

pub fn relay_block<'a, W: AsyncWrite + Unpin>(w: &'a mut W, msg: &'a [u8]) -> impl Future<Output = ()> + 'a {
    async move {
        let _ = w.write_all(msg).await; //~ discarded_io_result
        w.shutdown().await; //~ ok
    }
}

pub fn relay_block_ok<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    msg: &'a [u8],
) -> impl Future<Output = io::Result<()>> + 'a {
    async move {
        w.write_all(msg).await?; //~ ok
        w.shutdown().await //~ ok
    }
}
