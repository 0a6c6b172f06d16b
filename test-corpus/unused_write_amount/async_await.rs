#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / async_await: `AsyncWriteExt::write(..).await?`,
//! `write_vectored(..).await?` and `write_buf(&mut b).await?` with the
//! byte count dropped. Shapes: `E.await?;`, `let _ = E.await?;`,
//! `_ = E.await?;`, multi-line chains (reported on the method-name line).
//! Negatives: count used; `write_all(..).await?`; `flush().await?`.

use std::future::{ready, Future, Ready};
use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

/// Minimal `bytes::Buf`.
pub trait Buf {
    fn remaining(&self) -> usize;
    fn chunk(&self) -> &[u8];
    fn advance(&mut self, n: usize);
}

pub struct Bytes {
    data: Vec<u8>,
    pos: usize,
}

impl Buf for Bytes {
    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    fn chunk(&self) -> &[u8] {
        &self.data[self.pos..]
    }
    fn advance(&mut self, n: usize) {
        self.pos += n;
    }
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready(Ok(buf.len()))
    }
    fn write_vectored<'a>(&'a mut self, bufs: &'a [IoSlice<'a>]) -> Ready<io::Result<usize>> {
        ready(Ok(bufs.iter().map(|b| b.len()).sum()))
    }
    fn write_buf<'a, B: Buf>(&'a mut self, buf: &'a mut B) -> Ready<io::Result<usize>> {
        let n = buf.chunk().len();
        buf.advance(n);
        ready(Ok(n))
    }
    fn write_all<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
    fn flush(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

/// WebSocket-ish frame sender.
pub struct FrameSender<W> {
    io: W,
    sent_bytes: u64,
}

impl<W: AsyncWrite + Unpin> FrameSender<W> {
    pub async fn send_text(&mut self, text: &str) -> io::Result<()> {
        self.io.write(&[0x81, text.len() as u8]).await?; //~ unused_write_amount
        self.io.write(text.as_bytes()).await?; //~ unused_write_amount
        Ok(())
    }

    pub async fn send_let(&mut self, payload: &[u8]) -> io::Result<()> {
        let _ = self.io.write(payload).await?; //~ unused_write_amount
        _ = self.io.write(b"\x00").await?; //~ unused_write_amount
        Ok(())
    }

    pub async fn send_buf(&mut self, b: &mut Bytes) -> io::Result<()> {
        self.io.write_buf(b).await?; //~ ok
        let _ = self.io.write_buf(b).await?; //~ ok
        Ok(())
    }

    pub async fn send_owned_buf(&mut self, payload: Vec<u8>) -> io::Result<()> {
        let mut b = Bytes { data: payload, pos: 0 };
        self.io.write_buf(&mut b).await?; //~ ok
        _ = self.io.write_buf(&mut b).await?; //~ ok
        Ok(())
    }

    pub async fn send_vectored(&mut self, head: &[u8], body: &[u8]) -> io::Result<()> {
        let bufs = [IoSlice::new(head), IoSlice::new(body)];
        self.io.write_vectored(&bufs).await?; //~ unused_write_amount
        Ok(())
    }

    pub async fn send_multiline(&mut self, b: &mut Bytes) -> io::Result<()> {
        self.io
            .write_buf(b) //~ ok
            .await?;
        let _ = self
            .io
            .write(b"\n") //~ unused_write_amount
            .await?;
        Ok(())
    }

    // ---- negatives ----

    pub async fn send_complete(&mut self, text: &str) -> io::Result<()> {
        self.io.write_all(&[0x81, text.len() as u8]).await?; //~ ok
        let _ = self.io.write_all(text.as_bytes()).await?; //~ ok
        self.io.flush().await?; //~ ok
        Ok(())
    }

    pub async fn send_looped(&mut self, b: &mut Bytes) -> io::Result<()> {
        while b.remaining() > 0 {
            let n = self.io.write_buf(b).await?; //~ ok
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            self.sent_bytes += n as u64;
        }
        Ok(())
    }

    pub async fn send_partial(&mut self, payload: &[u8]) -> io::Result<usize> {
        let written = self.io.write(payload).await?; //~ ok
        self.sent_bytes += written as u64;
        Ok(written)
    }

    pub async fn send_returned(&mut self, payload: &[u8]) -> io::Result<usize> {
        self.io.write(payload).await //~ ok
    }
}

/// async block context
pub fn send_in_block<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    msg: &'a [u8],
) -> impl Future<Output = io::Result<()>> + 'a {
    async move {
        w.write(msg).await?; //~ unused_write_amount
        let n = w.write(msg).await?; //~ ok
        debug_assert!(n <= msg.len());
        Ok(())
    }
}
