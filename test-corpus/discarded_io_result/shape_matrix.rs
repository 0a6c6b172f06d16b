#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / shape_matrix: every discard shape in every
//! context. Shapes (E = an IO-result call, varied across flush, write,
//! write_all, write_fmt, write!, writeln!):
//!   `let _ = E;`  `let _: T = E;`  `_ = E;`  `drop(E);`  `std::mem::drop(E);`
//!   `let _name = E;`  `E.ok();`  `let _ = E.ok();`  `E.map_err(..);`  `E;`
//! Contexts: free fn, inherent method, trait impl, closure, async block
//! (awaited forms), nested blocks, match arms. Each context also carries
//! handled negatives.

use std::future::{ready, Future, Ready};
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

pub trait AsyncWrite {
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
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
    fn close(&mut self) -> Ready<io::Result<()>> {
        ready(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

#[derive(Debug)]
pub struct Wrapped(io::Error);

// ---- context: free function ----

pub fn in_free_fn<W: Write>(w: &mut W, rec: &[u8]) -> io::Result<()> {
    let _ = w.flush(); //~ discarded_io_result
    let _: io::Result<()> = w.write_all(rec); //~ discarded_io_result
    _ = w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
    drop(w.flush()); //~ discarded_io_result
    std::mem::drop(w.write_all(rec)); //~ discarded_io_result
    let _partial = w.write(rec); //~ discarded_io_result
    writeln!(w, "end").ok(); //~ discarded_io_result
    let _ = write!(w, "end").ok(); //~ discarded_io_result
    w.flush().map_err(Wrapped); //~ rustc
    w.write_all(rec); //~ rustc
    w.flush()?; //~ ok
    let _ = w.write_all(rec)?; //~ ok
    io::stdout().flush(); //~ ok
    Ok(())
}

// ---- context: inherent method ----

pub struct Sink<W> {
    w: W,
}

impl<W: Write> Sink<W> {
    pub fn in_method(&mut self, rec: &[u8]) -> io::Result<()> {
        let _ = self.w.flush(); //~ discarded_io_result
        let _: io::Result<()> = self.w.write_all(rec); //~ discarded_io_result
        _ = self.w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
        drop(self.w.flush()); //~ discarded_io_result
        std::mem::drop(self.w.write_all(rec)); //~ discarded_io_result
        let _partial = self.w.write(rec); //~ discarded_io_result
        writeln!(self.w, "end").ok(); //~ discarded_io_result
        let _ = write!(self.w, "end").ok(); //~ discarded_io_result
        self.w.flush().map_err(Wrapped); //~ rustc
        self.w.write_all(rec); //~ rustc
        self.w.flush().unwrap(); //~ ok
        if let Err(e) = self.w.write_all(rec) { //~ ok
            return Err(e);
        }
        self.w.flush() //~ ok
    }
}

// ---- context: trait impl ----

pub trait Persist {
    fn persist(&mut self, rec: &[u8]) -> io::Result<()>;
}

impl<W: Write> Persist for Sink<W> {
    fn persist(&mut self, rec: &[u8]) -> io::Result<()> {
        let _ = self.w.flush(); //~ discarded_io_result
        let _: io::Result<()> = self.w.write_all(rec); //~ discarded_io_result
        _ = self.w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
        drop(self.w.flush()); //~ discarded_io_result
        std::mem::drop(self.w.write_all(rec)); //~ discarded_io_result
        let _partial = self.w.write(rec); //~ discarded_io_result
        writeln!(self.w, "end").ok(); //~ discarded_io_result
        let _ = write!(self.w, "end").ok(); //~ discarded_io_result
        self.w.flush().map_err(Wrapped); //~ rustc
        self.w.write_all(rec); //~ rustc
        match self.w.flush() { //~ ok
            Ok(()) => {}
            Err(e) => return Err(e),
        }
        self.w.write_all(rec).expect("persist record"); //~ ok
        Ok(())
    }
}

// ---- context: closure ----

pub fn in_closure<W: Write>(w: &mut W, rec: &[u8]) -> io::Result<()> {
    let mut body = |w: &mut W| -> io::Result<()> {
        let _ = w.flush(); //~ discarded_io_result
        let _: io::Result<()> = w.write_all(rec); //~ discarded_io_result
        _ = w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
        drop(w.flush()); //~ discarded_io_result
        std::mem::drop(w.write_all(rec)); //~ discarded_io_result
        let _partial = w.write(rec); //~ discarded_io_result
        writeln!(w, "end").ok(); //~ discarded_io_result
        let _ = write!(w, "end").ok(); //~ discarded_io_result
        w.flush().map_err(Wrapped); //~ rustc
        w.write_all(rec); //~ rustc
        w.write_all(rec).map_err(|e| io::Error::new(e.kind(), "closure"))?; //~ ok
        let r = w.flush(); //~ ok
        r
    };
    body(w)
}

// ---- context: async block ----

pub fn in_async_block<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    rec: &'a [u8],
) -> impl Future<Output = io::Result<()>> + 'a {
    async move {
        let _ = w.flush().await; //~ discarded_io_result
        let _: io::Result<()> = w.write_all(rec).await; //~ discarded_io_result
        _ = w.shutdown().await; //~ discarded_io_result
        drop(w.flush().await); //~ discarded_io_result
        std::mem::drop(w.write_all(rec).await); //~ discarded_io_result
        let _partial = w.write(rec).await; //~ discarded_io_result
        w.close().await.ok(); //~ discarded_io_result
        let _ = w.flush().await.ok(); //~ discarded_io_result
        w.flush().await.map_err(Wrapped); //~ rustc
        w.write_all(rec).await; //~ rustc
        w.flush().await?; //~ ok
        let _ = w.write_all(rec).await?; //~ ok
        w.shutdown().await //~ ok
    }
}

// ---- context: nested blocks ----

pub fn in_nested_blocks<W: Write>(w: &mut W, rec: &[u8], n: usize) -> io::Result<()> {
    {
        let _ = w.flush(); //~ discarded_io_result
        {
            let _: io::Result<()> = w.write_all(rec); //~ discarded_io_result
        }
    }
    if n > 0 {
        _ = w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
        drop(w.flush()); //~ discarded_io_result
    } else {
        std::mem::drop(w.write_all(rec)); //~ discarded_io_result
    }
    for _ in 0..n {
        let _partial = w.write(rec); //~ discarded_io_result
        writeln!(w, "end").ok(); //~ discarded_io_result
    }
    loop {
        let _ = write!(w, "end").ok(); //~ discarded_io_result
        break;
    }
    while n > 100 {
        w.flush().map_err(Wrapped); //~ rustc
        break;
    }
    unsafe {
        w.write_all(rec); //~ rustc
    }
    {
        w.flush()?; //~ ok
    }
    Ok(())
}

// ---- context: match arms ----

pub fn in_match_arms<W: Write>(w: &mut W, rec: &[u8], step: u8) -> io::Result<()> {
    match step {
        0 => {
            let _ = w.flush(); //~ discarded_io_result
        }
        1 => {
            let _: io::Result<()> = w.write_all(rec); //~ discarded_io_result
        }
        2 => {
            _ = w.write_fmt(format_args!("{}\n", rec.len())); //~ discarded_io_result
        }
        3 => drop(w.flush()), //~ discarded_io_result
        4 => std::mem::drop(w.write_all(rec)), //~ discarded_io_result
        5 => {
            let _partial = w.write(rec); //~ discarded_io_result
        }
        6 => {
            writeln!(w, "end").ok(); //~ discarded_io_result
        }
        7 => {
            let _ = write!(w, "end").ok(); //~ discarded_io_result
        }
        8 => {
            w.flush().map_err(Wrapped); //~ rustc
        }
        9 => {
            w.write_all(rec); //~ rustc
        }
        10 => w.flush()?, //~ ok
        11 => return w.write_all(rec), //~ ok
        12 => {
            let _ = writeln!(io::stderr(), "step 12"); //~ ok
        }
        _ => {}
    }
    Ok(())
}
