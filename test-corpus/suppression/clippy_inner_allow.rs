#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
#![allow(clippy::unused_io_amount)]
//! suppression / clippy_inner_allow: Clippy's `unused_io_amount` allowed
//! for the whole file (an inner attribute, which no item holds) counts for
//! `unused_write_amount` everywhere in it, with or without the pre-filter;
//! the other rules still report.

use std::io::{self, Write};

pub fn send(w: &mut std::fs::File, frame: &[u8]) -> io::Result<()> {
    w.write(frame)?; //~ ok
    w.write(frame).unwrap(); //~ ok
    let _ = w.flush(); //~ discarded_io_result
    Ok(())
}
