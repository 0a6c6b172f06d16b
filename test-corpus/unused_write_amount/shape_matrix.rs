#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / shape_matrix: every "error handled, count
//! dropped" shape in every context.
//! Blocking shapes: `w.write(b)?;`, `let _ = w.write(b)?;`,
//! `_ = w.write(b)?;`, `w.write_vectored(bs)?;`.
//! Poll shapes: `ready!(io.poll_write(cx, b))?;`,
//! `let _ = ready!(io.poll_write(cx, b))?;`.
//! Async shapes: `w.write(b).await?;`, `let _ = w.write(b).await?;`,
//! `w.write_buf(&mut b).await?;`.
//! Contexts: free fn, inherent method, trait impl, closure, async block,
//! nested blocks, match arms. Each context also uses a count (negative for
//! this rule; added to a total with the buffer not advanced by it, which
//! `short_write_not_advanced` reports).

use std::future::{ready as ready_fut, Future, Ready};
use std::io::{self, IoSlice, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub struct Chunk {
    data: Vec<u8>,
    pos: usize,
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn write<'a>(&'a mut self, buf: &'a [u8]) -> Ready<io::Result<usize>> {
        ready_fut(Ok(buf.len()))
    }
    fn write_buf<'a>(&'a mut self, buf: &'a mut Chunk) -> Ready<io::Result<usize>> {
        let n = buf.data.len() - buf.pos;
        buf.pos = buf.data.len();
        ready_fut(Ok(n))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

// ---- context: free function ----

pub fn in_free_fn<W: Write>(w: &mut W, b: &[u8]) -> io::Result<usize> {
    w.write(b)?; //~ unused_write_amount
    let _ = w.write(b)?; //~ unused_write_amount
    _ = w.write(b)?; //~ unused_write_amount
    w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
    let n = w.write(b)?; //~ ok
    Ok(n)
}

pub fn poll_in_free_fn<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>, b: &[u8]) -> Poll<io::Result<usize>> {
    ready!(Pin::new(&mut *w).poll_write(cx, b))?; //~ unused_write_amount
    let _ = ready!(Pin::new(&mut *w).poll_write(cx, b))?; //~ unused_write_amount
    let n = ready!(Pin::new(w).poll_write(cx, b))?; //~ ok
    Poll::Ready(Ok(n))
}

// ---- context: inherent method ----

pub struct Out<W> {
    w: W,
    total: usize,
}

impl<W: Write> Out<W> {
    pub fn in_method(&mut self, b: &[u8]) -> io::Result<()> {
        self.w.write(b)?; //~ unused_write_amount
        let _ = self.w.write(b)?; //~ unused_write_amount
        _ = self.w.write(b)?; //~ unused_write_amount
        self.w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
        self.total += self.w.write(b)?; //~ short_write_not_advanced
        Ok(())
    }
}

impl<W: AsyncWrite + Unpin> Out<W> {
    pub fn poll_in_method(&mut self, cx: &mut Context<'_>, b: &[u8]) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.w).poll_write(cx, b))?; //~ unused_write_amount
        let _ = ready!(Pin::new(&mut self.w).poll_write(cx, b))?; //~ unused_write_amount
        self.total += ready!(Pin::new(&mut self.w).poll_write(cx, b))?; //~ short_write_not_advanced
        Poll::Ready(Ok(()))
    }
}

// ---- context: trait impl ----

pub trait Emit {
    fn emit(&mut self, b: &[u8]) -> io::Result<()>;
}

impl<W: Write> Emit for Out<W> {
    fn emit(&mut self, b: &[u8]) -> io::Result<()> {
        self.w.write(b)?; //~ unused_write_amount
        let _ = self.w.write(b)?; //~ unused_write_amount
        _ = self.w.write(b)?; //~ unused_write_amount
        self.w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
        if self.w.write(b)? == 0 { //~ ok
            return Err(io::ErrorKind::WriteZero.into());
        }
        Ok(())
    }
}

// ---- context: closure ----

pub fn in_closure<W: Write>(w: &mut W, b: &[u8]) -> io::Result<usize> {
    let mut body = |w: &mut W| -> io::Result<usize> {
        w.write(b)?; //~ unused_write_amount
        let _ = w.write(b)?; //~ unused_write_amount
        _ = w.write(b)?; //~ unused_write_amount
        w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
        w.write(b) //~ ok
    };
    body(w)
}

// ---- context: async block ----

pub fn in_async_block<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    b: &'a [u8],
    c: &'a mut Chunk,
) -> impl Future<Output = io::Result<usize>> + 'a {
    async move {
        w.write(b).await?; //~ unused_write_amount
        let _ = w.write(b).await?; //~ unused_write_amount
        _ = w.write(b).await?; //~ unused_write_amount
        w.write_buf(c).await?; //~ ok
        let n = w.write_buf(c).await?; //~ ok
        Ok(n)
    }
}

// ---- context: nested blocks ----

pub fn in_nested_blocks<W: Write>(w: &mut W, b: &[u8], k: usize) -> io::Result<()> {
    {
        w.write(b)?; //~ unused_write_amount
        {
            let _ = w.write(b)?; //~ unused_write_amount
        }
    }
    if k > 1 {
        _ = w.write(b)?; //~ unused_write_amount
    } else {
        w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
    }
    for _ in 0..k {
        w.write(b)?; //~ unused_write_amount
    }
    unsafe {
        let _ = w.write(b)?; //~ unused_write_amount
    }
    let mut sent = 0;
    while sent < b.len() {
        sent += w.write(&b[sent..])?; //~ ok
    }
    Ok(())
}

// ---- context: match arms ----

pub fn in_match_arms<W: Write>(w: &mut W, b: &[u8], step: u8) -> io::Result<usize> {
    match step {
        0 => {
            w.write(b)?; //~ unused_write_amount
        }
        1 => {
            let _ = w.write(b)?; //~ unused_write_amount
        }
        2 => {
            _ = w.write(b)?; //~ unused_write_amount
        }
        3 => {
            w.write_vectored(&[IoSlice::new(b)])?; //~ unused_write_amount
        }
        4 => return Ok(w.write(b)?), //~ ok
        5 => {
            w.write_all(b)?; //~ ok
        }
        _ => {}
    }
    Ok(0)
}
