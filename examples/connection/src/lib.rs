//! A buffered connection with the bugs pollcheck finds. Every one of them
//! compiles without a warning; run `pollcheck` here to see them, and
//! `pollcheck --diff` for the fixes it would make.

use std::io::{self, Write};
use std::net::TcpStream;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// A stand-in for `tokio::io::AsyncWrite`, so that this crate builds with
/// no dependency.
pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8])
        -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

/// A connection that buffers what it is given and writes it out on flush.
pub struct Connection<T> {
    io: T,
    buffer: Vec<u8>,
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Connection<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.buffer.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while !this.buffer.is_empty() {
            let n = ready!(Pin::new(&mut this.io).poll_write(cx, &this.buffer))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            this.buffer.drain(..n);
        }
        Pin::new(&mut this.io).poll_flush(cx)
    }

    /// Bug: the socket is shut down under the buffer. The peer gets a
    /// clean end of stream and a truncated response.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl<T: AsyncWrite + Unpin> Connection<T> {
    /// Bug: hyper's: the `?` passes errors on, but a `Pending` flush is a
    /// value, and `let _ =` drops it.
    pub fn poll_finish(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut *self).poll_flush(cx)?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    /// Bug: when the flush is pending, this tells the caller it is done.
    pub fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if Pin::new(&mut *self).poll_flush(cx)?.is_pending() {
            return Poll::Ready(Ok(()));
        }
        Poll::Ready(Ok(()))
    }
}

/// Bug: `write` may write only part of the frame.
pub fn send_frame(stream: &mut TcpStream, frame: &[u8]) -> io::Result<()> {
    stream.write(frame)?;
    Ok(())
}

/// Bug (a warning: sometimes a deliberate best effort): a failed flush of
/// the log goes unnoticed.
pub fn log_line(log: &mut std::fs::File, line: &str) {
    let _ = writeln!(log, "{line}");
    let _ = log.flush();
}
