#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / contexts: dropped byte counts inside trait impls
//! (a wrapper `impl io::Write` that lies about how much it wrote, an
//! `AsyncWrite` impl), inherent methods, free functions, nested fn items,
//! closures, async blocks, nested blocks, if/else, match arms and loops.
//! Each context also carries a negative that uses the count.

use std::future::{ready as ready_fut, Future, Ready};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready_fut(Ok(buf.len()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

// ---- trait impl: io::Write wrapper that over-reports ----

pub struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)?; //~ unused_write_amount
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush() //~ ok
    }
}

pub struct HonestCounting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for HonestCounting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?; //~ ok
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush() //~ ok
    }
}

// ---- trait impl: AsyncWrite wrapper ----

pub struct Prefixed<W> {
    io: W,
    prefix: &'static [u8],
    at_line_start: bool,
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Prefixed<W> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.at_line_start {
            let prefix = self.prefix;
            ready!(Pin::new(&mut self.io).poll_write(cx, prefix))?; //~ unused_write_amount
            self.at_line_start = false;
        }
        let n = ready!(Pin::new(&mut self.io).poll_write(cx, buf))?; //~ ok
        self.at_line_start = buf[..n].ends_with(b"\n");
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx) //~ ok
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
        Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
    }
}

// ---- free functions: blocks, branches, match arms, loops ----

pub enum Payload<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
    Empty,
}

pub fn put<W: Write>(w: &mut W, p: Payload<'_>, copies: usize) -> io::Result<()> {
    match p {
        Payload::Text(t) => {
            w.write(t.as_bytes())?; //~ unused_write_amount
        }
        Payload::Bytes(b) => _ = w.write(b)?, //~ unused_write_amount
        Payload::Empty => {}
    }
    {
        let _ = w.write(b"|")?; //~ unused_write_amount
    }
    if copies > 1 {
        w.write(b"x")?; //~ unused_write_amount
    } else {
        w.write_all(b"x")?; //~ ok
    }
    for _ in 0..copies {
        w.write(b".")?; //~ unused_write_amount
    }
    let mut i = 0;
    while i < copies {
        let n = w.write(b"-")?; //~ ok
        i += n.max(1);
    }
    Ok(())
}

pub fn put_outer<W: Write>(w: &mut W) -> io::Result<()> {
    fn put_inner<W: Write>(w: &mut W) -> io::Result<()> {
        w.write(b"inner")?; //~ unused_write_amount
        Ok(())
    }
    put_inner(w)
}

// ---- closures ----

pub fn put_with_closure<W: Write>(w: &mut W, lines: &[&str]) -> io::Result<()> {
    let mut put_line = |w: &mut W, l: &str| -> io::Result<()> {
        w.write(l.as_bytes())?; //~ unused_write_amount
        w.write_all(b"\n") //~ ok
    };
    for l in lines {
        put_line(w, l)?;
    }
    let measured = |w: &mut W, l: &str| -> io::Result<usize> { Ok(w.write(l.as_bytes())?) }; //~ ok
    measured(w, "end")?;
    Ok(())
}

// ---- async blocks ----

pub fn put_async<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    chunks: &'a [&'a [u8]],
) -> impl Future<Output = io::Result<u64>> + 'a {
    async move {
        let mut total = 0u64;
        for c in chunks {
            match c.len() {
                0 => {}
                1 => {
                    w.write(c).await?; //~ unused_write_amount
                }
                _ => total += w.write(c).await? as u64, //~ ok
            }
        }
        Ok(total)
    }
}
