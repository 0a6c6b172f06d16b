#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! suppression / cfg_attr: `#[cfg_attr(pollcheck, allow(rule))]` on an
//! enclosing fn, impl block, inline mod, single impl method, or `let`
//! statement silences that rule inside it (including closures and async
//! blocks nested there). Other rules still fire inside. An attribute that
//! silences nothing is reported as unused_suppression on the attribute's
//! line.

use std::fs::File;
use std::future::{ready as ready_fut, Future, Ready};
use std::io::{self, BufWriter, Write};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

pub trait AsyncWrite {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>>;
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>>;
}

pub trait AsyncWriteExt: AsyncWrite + Unpin {
    fn flush(&mut self) -> Ready<io::Result<()>> {
        ready_fut(Ok(()))
    }
}

impl<W: AsyncWrite + Unpin + ?Sized> AsyncWriteExt for W {}

// ---- on a free fn ----

#[cfg_attr(pollcheck, allow(discarded_io_result))]
pub fn flush_all_best_effort(logs: &mut [BufWriter<File>]) {
    for l in logs.iter_mut() {
        let _ = l.flush(); //~ ok
        l.get_mut().sync_all().ok(); //~ ok
    }
    let once = |l: &mut BufWriter<File>| drop(l.flush()); //~ ok
}

/// Suppressing one rule does not suppress another.
#[cfg_attr(pollcheck, allow(discarded_io_result))]
pub fn flush_all_counted(logs: &mut [BufWriter<File>]) -> io::Result<()> {
    for l in logs.iter_mut() {
        let _ = l.flush(); //~ ok
        l.write(b"\n")?; //~ unused_write_amount
    }
    Ok(())
}

/// Several rules in one attribute, each used.
#[cfg_attr(pollcheck, allow(discarded_poll, discarded_io_result))]
pub fn poll_abort<W: AsyncWrite + Unpin>(w: &mut W, log: &mut BufWriter<File>, cx: &mut Context<'_>) -> Poll<()> {
    let _ = Pin::new(&mut *w).poll_shutdown(cx); //~ ok
    let _ = writeln!(log, "aborted"); //~ ok
    Poll::Ready(())
}

// ---- on an impl block ----

pub struct Reaper<W> {
    conns: Vec<W>,
}

#[cfg_attr(pollcheck, allow(discarded_poll))]
impl<W: AsyncWrite + Unpin> Reaper<W> {
    pub fn poll_reap(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        for c in self.conns.iter_mut() {
            let _ = Pin::new(c).poll_shutdown(cx); //~ ok
        }
        self.conns.clear();
        Poll::Ready(())
    }

    pub fn poll_reap_one(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(mut c) = self.conns.pop() {
            Pin::new(&mut c).poll_flush(cx); //~ ok
            let _ = ready!(Pin::new(&mut c).poll_shutdown(cx)); //~ discarded_io_result
        }
        Poll::Ready(())
    }
}

// ---- on a single impl method ----

pub struct Mirror<W> {
    primary: W,
    replica: W,
}

impl<W: AsyncWrite + Unpin> Mirror<W> {
    #[cfg_attr(pollcheck, allow(discarded_poll))]
    pub fn poll_replicate(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let _ = Pin::new(&mut self.replica).poll_write(cx, buf); //~ ok
        Pin::new(&mut self.primary).poll_write(cx, buf)
    }

    /// Sibling method without the attribute: flagged.
    pub fn poll_replicate_flush(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = Pin::new(&mut self.replica).poll_flush(cx); //~ discarded_poll
        Pin::new(&mut self.primary).poll_flush(cx)
    }

    #[cfg_attr(pollcheck, allow(unused_write_amount))]
    pub fn poll_replicate_header(&mut self, cx: &mut Context<'_>, hdr: &[u8]) -> Poll<io::Result<()>> {
        ready!(Pin::new(&mut self.replica).poll_write(cx, hdr))?; //~ ok
        Poll::Ready(Ok(()))
    }

    #[cfg_attr(pollcheck, allow(discarded_io_result))]
    pub async fn flush_replica(&mut self) {
        let fut = async {
            let _ = self.replica.flush().await; //~ ok
        };
        fut.await;
    }
}

// ---- on an inline module ----

#[cfg_attr(pollcheck, allow(discarded_io_result))]
pub mod shutdown_hooks {
    use std::io::Write;

    pub fn on_exit<W: Write>(w: &mut W) {
        let _ = writeln!(w, "exiting"); //~ ok
        w.flush(); //~ ok
    }

    pub struct Hook<W: Write>(pub W);

    impl<W: Write> Hook<W> {
        pub fn fire(&mut self) {
            self.0.write_all(b"fired\n"); //~ ok
        }
    }
}

// ---- on a let statement ----

pub fn let_scoped(log: &mut BufWriter<File>) {
    #[cfg_attr(pollcheck, allow(discarded_io_result))]
    let _ = log.flush(); //~ ok
    let _ = log.flush(); //~ discarded_io_result
}

pub fn let_scoped_poll<W: AsyncWrite + Unpin>(w: &mut W, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
    #[cfg_attr(pollcheck, allow(discarded_poll))]
    let _ = Pin::new(&mut *w).poll_flush(cx); //~ ok
    Pin::new(w).poll_shutdown(cx)
}

// ---- unused attributes ----

#[cfg_attr(pollcheck, allow(discarded_poll))] //~ unused_suppression
pub fn nothing_to_silence(log: &mut BufWriter<File>) -> io::Result<()> {
    log.flush()
}

#[cfg_attr(pollcheck, allow(discarded_poll))] //~ unused_suppression
pub fn wrong_rule_on_fn(log: &mut BufWriter<File>) {
    let _ = log.flush(); //~ discarded_io_result
}

pub struct Quiet;

#[cfg_attr(pollcheck, allow(unused_write_amount))] //~ unused_suppression
impl Quiet {
    pub fn write_header<W: Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"HDR")
    }
}

#[cfg_attr(pollcheck, allow(discarded_io_result))] //~ unused_suppression
pub mod clean {
    pub fn noop() {}
}

pub fn let_scoped_unused(log: &mut BufWriter<File>) -> io::Result<()> {
    #[cfg_attr(pollcheck, allow(discarded_io_result))] //~ unused_suppression
    let r = log.flush();
    r
}

impl Quiet {
    #[cfg_attr(pollcheck, allow(discarded_poll))] //~ unused_suppression
    pub fn clean_method(&self) -> u32 {
        7
    }
}

/// Clippy's own `unused_io_amount` allowance says the count is dropped on
/// purpose, so `unused_write_amount` stays quiet; it is never called unused.
#[allow(clippy::unused_io_amount)]
pub fn best_effort_banner(out: &mut BufWriter<File>) -> io::Result<()> {
    out.write(b"banner\n")?; //~ ok
    Ok(())
}

#[allow(clippy::unused_io_amount, dead_code)]
pub fn nothing_to_allow(out: &mut BufWriter<File>) -> io::Result<()> {
    out.write_all(b"whole\n")?; //~ ok
    Ok(())
}
