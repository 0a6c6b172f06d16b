#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! macro_bodies / item_macros: discards inside item-position macros. A
//! `my_pin_project!`-style macro takes a struct and its `impl` blocks; a
//! `cfg_select!` macro in the shape of `cfg_if!` takes
//! `if #[cfg(..)] { items } else { items }`, and the items of each braced
//! group are parsed. Every rule runs inside, including the impl-level
//! shutdown_without_flush and swallowed_pending.
//!
//! Negatives: the templates of these macros, correct impls and functions
//! inside the invocations.

use std::fs::File;
use std::io::{self, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

// ---- local helper macros ----

/// Stand-in for `pin_project!`: passes the items through.
macro_rules! my_pin_project {
    ($($item:item)*) => {
        $($item)*
    };
}

/// Stand-in for `cfg_if!`.
macro_rules! cfg_select {
    (if #[cfg($meta:meta)] { $($yes:item)* } else { $($no:item)* }) => {
        $( #[cfg($meta)] $yes )*
        $( #[cfg(not($meta))] $no )*
    };
}

/// Generates a close method; the template itself is never parsed.
macro_rules! impl_lossy_close {
    ($ty:ident) => {
        impl<W: AsyncWrite + Unpin> $ty<W> {
            pub fn poll_close_lossy(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ ok
                Pin::new(&mut self.io).poll_shutdown(cx)
            }
        }
    };
}

// ---------------------------------------------------------------------------
// my_pin_project!: a buffered writer whose shutdown drops its own flush.
// ---------------------------------------------------------------------------

my_pin_project! {
    pub struct BufStream<W> {
        io: W,
        buf: Vec<u8>,
        flushed: bool,
    }

    impl<W: AsyncWrite + Unpin> AsyncWrite for BufStream<W> {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.buf.extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            let this = &mut *self;
            while !this.buf.is_empty() {
                let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.buf))?; //~ ok
                this.buf.drain(..n);
            }
            Pin::new(&mut this.io).poll_flush(cx) //~ ok
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            let _ = self.as_mut().poll_flush(cx)?; //~ shutdown_without_flush
            Pin::new(&mut self.io).poll_shutdown(cx)
        }
    }

    impl<W: AsyncWrite + Unpin> BufStream<W> {
        pub fn poll_checkpoint(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            match Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
                Poll::Ready(res) => res?,
                Poll::Pending => {}
            }
            self.flushed = true;
            Poll::Ready(Ok(()))
        }

        pub fn poll_kick(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
            Poll::Ready(Ok(()))
        }
    }
}

// ---------------------------------------------------------------------------
// my_pin_project!: a frame writer whose shutdown skips its buffer entirely.
// ---------------------------------------------------------------------------

my_pin_project! {
    pub struct FrameStream<W> {
        io: W,
        frames: Vec<Vec<u8>>,
    }

    impl<W: AsyncWrite + Unpin> AsyncWrite for FrameStream<W> {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.frames.push(buf.to_vec());
            Poll::Ready(Ok(buf.len()))
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            let this = &mut *self;
            while let Some(frame) = this.frames.first_mut() {
                let n = ready!(Pin::new(&mut this.io).poll_write(cx, frame))?; //~ ok
                if n == frame.len() {
                    this.frames.remove(0);
                } else {
                    frame.drain(..n);
                }
            }
            Pin::new(&mut this.io).poll_flush(cx) //~ ok
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            Pin::new(&mut self.io).poll_shutdown(cx) //~ shutdown_without_flush
        }
    }
}

// ---------------------------------------------------------------------------
// my_pin_project!: correct, flushes self first.
// ---------------------------------------------------------------------------

my_pin_project! {
    pub struct SafeStream<W> {
        io: W,
        buf: Vec<u8>,
    }

    impl<W: AsyncWrite + Unpin> AsyncWrite for SafeStream<W> {
        fn poll_write(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.buf.extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }

        fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            let this = &mut *self;
            while !this.buf.is_empty() {
                let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.buf))?; //~ ok
                this.buf.drain(..n);
            }
            Pin::new(&mut this.io).poll_flush(cx) //~ ok
        }

        fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
            ready!(self.as_mut().poll_flush(cx))?; //~ ok
            Pin::new(&mut self.io).poll_shutdown(cx) //~ ok
        }
    }
}

pub struct Plain<W> {
    io: W,
}

impl_lossy_close!(Plain); //~ ok

// ---------------------------------------------------------------------------
// cfg_select!: both branches are checked.
// ---------------------------------------------------------------------------

pub struct Journal<W> {
    io: W,
    file: File,
    entries: u64,
}

cfg_select! {
    if #[cfg(feature = "async-journal")] {
        impl<W: AsyncWrite + Unpin> Journal<W> {
            pub fn poll_append(&mut self, cx: &mut Context<'_>, entry: &[u8]) -> Poll<io::Result<()>> {
                let n = ready!(Pin::new(&mut self.io).poll_write(cx, entry))?; //~ ok
                let _ = Pin::new(&mut self.io).poll_flush(cx)?; //~ discarded_poll
                self.entries += 1;
                Poll::Ready(Ok(()))
            }

            pub fn poll_seal(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) { //~ swallowed_pending
                    return Poll::Ready(Err(e));
                }
                self.entries = 0;
                Poll::Ready(Ok(()))
            }

            pub fn poll_append_checked(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                ready!(Pin::new(&mut self.io).poll_flush(cx))?; //~ ok
                Poll::Ready(Ok(()))
            }
        }
    } else {
        impl<W: AsyncWrite + Unpin> Journal<W> {
            pub fn append(&mut self, entry: &[u8]) -> io::Result<()> {
                self.file.write(entry)?; //~ unused_write_amount
                let _ = self.file.sync_data(); //~ discarded_io_result
                self.entries += 1;
                Ok(())
            }

            pub fn seal(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
                drop(Pin::new(&mut self.io).poll_flush(cx)); //~ discarded_poll
                self.entries = 0;
                Ok(())
            }

            pub fn append_checked(&mut self, entry: &[u8]) -> io::Result<()> {
                self.file.write_all(entry)?; //~ ok
                self.file.sync_data() //~ ok
            }
        }
    }
}
