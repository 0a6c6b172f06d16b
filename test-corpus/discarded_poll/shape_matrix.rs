#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_poll / shape_matrix: every discard shape in every context.
//! Shapes (E = a write-side poll call):
//!   `let _ = E;`  `let _ = E?;`  `let _: T = E;`  `_ = E;`  `drop(E);`
//!   `std::mem::drop(E);`  `let _name = E;`  `E;`  `E?;`  `let _ = E.map_err(..);`
//! Contexts: free fn, inherent method, trait impl, closure, async block,
//! nested blocks, match arms. Each context ends with used-poll negatives.

use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

#[derive(Debug)]
pub struct Wrapped(io::Error);

impl From<Wrapped> for io::Error {
    fn from(w: Wrapped) -> io::Error {
        w.0
    }
}

// ---- context: free function ----

pub fn in_free_fn<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
    let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
    let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
    _ = Pin::new(&mut *w).poll_write(cx, b"a"); //~ discarded_poll
    drop(Pin::new(&mut *w).poll_shutdown(cx)); //~ discarded_poll
    std::mem::drop(Pin::new(&mut *w).poll_flush(cx)); //~ discarded_poll
    let _pending = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
    Pin::new(&mut *w).poll_flush(cx); //~ rustc
    Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
    let _ = Pin::new(&mut *w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
    ready!(Pin::new(&mut *w).poll_flush(cx))?; //~ ok
    Pin::new(w).poll_shutdown(cx) //~ ok
}

// ---- context: inherent method ----

pub struct Holder<W> {
    w: W,
}

impl<W: AsyncWrite + Unpin> Holder<W> {
    pub fn in_method(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        let _ = Pin::new(&mut self.w).poll_flush(cx)?; //~ discarded_poll
        let _: Poll<io::Result<()>> = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        _ = Pin::new(&mut self.w).poll_write(cx, b"a"); //~ discarded_poll
        drop(Pin::new(&mut self.w).poll_shutdown(cx)); //~ discarded_poll
        std::mem::drop(Pin::new(&mut self.w).poll_flush(cx)); //~ discarded_poll
        let _pending = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut self.w).poll_flush(cx); //~ rustc
        Pin::new(&mut self.w).poll_shutdown(cx)?; //~ rustc
        let _ = Pin::new(&mut self.w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
        if Pin::new(&mut self.w).poll_flush(cx)?.is_pending() { //~ ok
            return Poll::Pending;
        }
        Pin::new(&mut self.w).poll_shutdown(cx) //~ ok
    }
}

// ---- context: trait impl ----

pub trait Kick {
    fn poll_kick(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

impl<W: AsyncWrite + Unpin> Kick for Holder<W> {
    fn poll_kick(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        let _ = Pin::new(&mut self.w).poll_flush(cx)?; //~ discarded_poll
        let _: Poll<io::Result<()>> = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        _ = Pin::new(&mut self.w).poll_write(cx, b"a"); //~ discarded_poll
        drop(Pin::new(&mut self.w).poll_shutdown(cx)); //~ discarded_poll
        std::mem::drop(Pin::new(&mut self.w).poll_flush(cx)); //~ discarded_poll
        let _pending = Pin::new(&mut self.w).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut self.w).poll_flush(cx); //~ rustc
        Pin::new(&mut self.w).poll_shutdown(cx)?; //~ rustc
        let _ = Pin::new(&mut self.w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
        match Pin::new(&mut self.w).poll_flush(cx) { //~ ok
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r?,
        }
        let p = Pin::new(&mut self.w).poll_shutdown(cx); //~ ok
        p
    }
}

// ---- context: closure ----

pub fn in_closure<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    let mut body = |w: &mut W, cx: &mut Context<'_>| -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
        let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        _ = Pin::new(&mut *w).poll_write(cx, b"a"); //~ discarded_poll
        drop(Pin::new(&mut *w).poll_shutdown(cx)); //~ discarded_poll
        std::mem::drop(Pin::new(&mut *w).poll_flush(cx)); //~ discarded_poll
        let _pending = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut *w).poll_flush(cx); //~ rustc
        Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
        let _ = Pin::new(&mut *w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
        ready!(Pin::new(&mut *w).poll_flush(cx)?); //~ ok
        Pin::new(w).poll_shutdown(cx) //~ ok
    };
    body(w, cx)
}

// ---- context: async block ----

pub fn in_async_block<'a, W: AsyncWrite + Unpin>(
    w: &'a mut W,
    cx: &'a mut Context<'a>,
) -> impl std::future::Future<Output = io::Result<()>> + 'a {
    async move {
        let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
        let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        _ = Pin::new(&mut *w).poll_write(cx, b"a"); //~ discarded_poll
        drop(Pin::new(&mut *w).poll_shutdown(cx)); //~ discarded_poll
        std::mem::drop(Pin::new(&mut *w).poll_flush(cx)); //~ discarded_poll
        let _pending = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut *w).poll_flush(cx); //~ rustc
        Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
        let _ = Pin::new(&mut *w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
        let state = Pin::new(&mut *w).poll_flush(cx); //~ ok
        if let Poll::Ready(r) = state {
            r?;
        }
        let _ = Pin::new(&mut *w).poll_flush(cx).is_ready(); //~ ok
        Ok(())
    }
}

// ---- context: nested blocks ----

pub fn in_nested_blocks<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>, n: u32) -> Poll<io::Result<()>> {
    {
        let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        {
            let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
        }
    }
    if n > 0 {
        let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        _ = Pin::new(&mut *w).poll_write(cx, b"a"); //~ discarded_poll
    } else {
        drop(Pin::new(&mut *w).poll_shutdown(cx)); //~ discarded_poll
    }
    for _ in 0..n {
        std::mem::drop(Pin::new(&mut *w).poll_flush(cx)); //~ discarded_poll
        let _pending = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
    }
    loop {
        Pin::new(&mut *w).poll_flush(cx); //~ rustc
        break;
    }
    while n > 100 {
        Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
        break;
    }
    unsafe {
        let _ = Pin::new(&mut *w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
    }
    {
        ready!(Pin::new(&mut *w).poll_flush(cx))?; //~ ok
    }
    Poll::Ready(Ok(()))
}

// ---- context: match arms ----

pub fn in_match_arms<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>, step: u8) -> Poll<io::Result<()>> {
    match step {
        0 => {
            let _ = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        }
        1 => {
            let _ = Pin::new(&mut *w).poll_flush(cx)?; //~ discarded_poll
        }
        2 => {
            let _: Poll<io::Result<()>> = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        }
        3 => {
            _ = Pin::new(&mut *w).poll_write(cx, b"a"); //~ discarded_poll
        }
        4 => drop(Pin::new(&mut *w).poll_shutdown(cx)), //~ discarded_poll
        5 => std::mem::drop(Pin::new(&mut *w).poll_flush(cx)), //~ discarded_poll
        6 => {
            let _pending = Pin::new(&mut *w).poll_flush(cx); //~ discarded_poll
        }
        7 => {
            Pin::new(&mut *w).poll_flush(cx); //~ rustc
        }
        8 => {
            Pin::new(&mut *w).poll_shutdown(cx)?; //~ rustc
        }
        9 => {
            let _ = Pin::new(&mut *w).poll_flush(cx).map_err(Wrapped); //~ discarded_poll
        }
        10 => return Pin::new(&mut *w).poll_flush(cx), //~ ok
        11 => {
            ready!(Pin::new(&mut *w).poll_shutdown(cx))?; //~ ok
        }
        _ => {}
    }
    Poll::Ready(Ok(()))
}
