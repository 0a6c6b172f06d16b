#![allow(unused, unexpected_cfgs, unused_must_use, dead_code)]
//! discarded_io_result / write_macros: `write!(w, ..)` / `writeln!(w, ..)`
//! into real `io::Write` sinks (files, sockets, generic `W: Write`,
//! `&mut dyn Write`, struct fields) with the `io::Result` discarded.
//! The finding is on the line where the macro starts. Negatives: `?`,
//! `.unwrap()`, `.expect()`, `if let Err`, returned as tail.
//! (Writes into String / Vec<u8> / Formatter / stdout are in
//! stdout_and_strings.rs.)

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::net::TcpStream;

pub struct Metric {
    pub name: &'static str,
    pub value: f64,
    pub tags: Vec<(&'static str, String)>,
}

/// Writes metrics in a line protocol to a file.
pub struct MetricsExporter {
    out: BufWriter<File>,
    written: usize,
}

impl MetricsExporter {
    pub fn export_stmt(&mut self, m: &Metric) {
        write!(self.out, "{}", m.name); //~ rustc
        for (k, v) in &m.tags {
            write!(self.out, ",{k}={v}"); //~ rustc
        }
        writeln!(self.out, " value={}", m.value); //~ rustc
        self.written += 1;
    }

    pub fn export_let(&mut self, m: &Metric) {
        let _ = writeln!(self.out, "{} value={}", m.name, m.value); //~ discarded_io_result
        let _: io::Result<()> = writeln!(&mut self.out); //~ discarded_io_result
        _ = write!(self.out, "# {} metrics\n", self.written); //~ discarded_io_result
    }

    pub fn export_drop(&mut self, m: &Metric) {
        drop(writeln!(self.out, "{} value={}", m.name, m.value)); //~ discarded_io_result
        let _line = writeln!(self.out, "# end"); //~ discarded_io_result
    }

    pub fn export_ok(&mut self, m: &Metric) {
        writeln!(self.out, "{} value={}", m.name, m.value).ok(); //~ discarded_io_result
        let _ = write!(self.out, "\n").ok(); //~ discarded_io_result
        write!(self.out, "\n").map_err(|e| e.kind()); //~ rustc
    }

    pub fn export_multiline(&mut self, m: &Metric) {
        writeln!( //~ rustc
            self.out,
            "{name} value={value} count={count}",
            name = m.name,
            value = m.value,
            count = self.written,
        );
    }

    pub fn export_checked(&mut self, m: &Metric) -> io::Result<()> {
        write!(self.out, "{}", m.name)?; //~ ok
        for (k, v) in &m.tags {
            write!(self.out, ",{k}={v}")?; //~ ok
        }
        writeln!(self.out, " value={}", m.value) //~ ok
    }
}

pub fn banner<W: Write>(w: &mut W, title: &str) {
    writeln!(w, "==== {title} ===="); //~ rustc
    let _ = writeln!(w, "{}", "=".repeat(title.len() + 10)); //~ discarded_io_result
}

pub fn banner_dyn(w: &mut dyn Write, title: &str) {
    write!(w, "[{title}] "); //~ rustc
    writeln!(w).ok(); //~ discarded_io_result
}

pub fn greet(sock: &mut TcpStream, name: &str) {
    write!(sock, "HELO {name}\r\n"); //~ rustc
}

pub fn greet_file(path: &str) -> io::Result<()> {
    let mut f = File::create(path)?;
    writeln!(f, "created by greet_file"); //~ rustc
    writeln!(f, "second line").expect("write file"); //~ ok
    writeln!(f, "third line").unwrap(); //~ ok
    if let Err(e) = writeln!(f, "fourth line") { //~ ok
        return Err(e);
    }
    Ok(())
}

pub fn closure_writer<W: Write>(mut w: W, items: &[u32]) {
    let mut emit = |x: u32| {
        writeln!(w, "item {x}"); //~ rustc
    };
    for &x in items {
        emit(x);
    }
}
