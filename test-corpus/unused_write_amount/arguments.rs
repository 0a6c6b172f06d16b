#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! unused_write_amount / arguments: what a `write` is given says whether it
//! is `io::Write::write`. That takes bytes: a record (`&Row { … }`) or a
//! growable buffer lent mutably (`buffer: &mut Vec<u8>`, a destination to
//! serialise into) is something else. An empty buffer has no count to lose.

use std::io::{self, Write};

pub struct Row {
    pub id: u32,
}

pub trait Record {
    fn write(&mut self, row: &Row) -> io::Result<usize>;
}

pub trait Serialise {
    fn write(&self, out: &mut Vec<u8>) -> io::Result<usize>;
}

pub fn store<T: Record>(table: &mut T, out: &mut impl Write, id: u32) -> io::Result<()> {
    table.write(&Row { id })?; //~ ok
    out.write(&[])?; //~ ok
    out.write(b"")?; //~ ok
    out.write(&[0u8; 0])?; //~ ok
    out.write(b"row\\n")?; //~ unused_write_amount
    Ok(())
}

pub fn encode<S: Serialise>(header: &S, w: &mut impl Write, buffer: &mut Vec<u8>) -> io::Result<()> {
    header.write(buffer)?; //~ ok
    w.write(buffer)?; //~ ok
    let bytes: &[u8] = buffer;
    w.write(bytes)?; //~ unused_write_amount
    Ok(())
}
