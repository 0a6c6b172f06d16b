//! The calls the rules judge, by name, and what a call's arguments and
//! declarations say about it: whether `x.write(…)` is an IO write at all,
//! whether a poll holds a `Result`, whether a method is one the enclosing
//! `impl` declares.

use std::ops::Range;

use lint_core::interest::Names;
use lint_core::model::items::SignatureSummary;
use lint_core::value::{CallForm, Value};
use lint_core::{Checker, Scope};
use syn::Expr;

/// Write-side polls: `poll_*` names that are not reads, receives, timers
/// or constructors of futures.
pub const WRITE_POLLS: Names = Names::Matching {
    prefix: "poll_",
    test: is_write_side_poll,
};

/// IO methods whose `Result` matters.
pub const IO_METHODS: &[&str] = &[
    "flush",
    "sync_all",
    "sync_data",
    "write",
    "write_all",
    "write_vectored",
    "write_all_vectored",
    "write_fmt",
    "write_buf",
    "write_all_buf",
    "shutdown",
    "close",
    // A QUIC or HTTP/3 send stream's end (`send.finish()`); judged only
    // where the receiver is known to be one (`is_io_only_on_a_stream`).
    "finish",
];

/// Names in [`IO_METHODS`] that are IO only on a known IO stream: `finish`
/// is also what hashers and encoders call producing their output, and
/// `close` what channels, connections, state machines and handles of every
/// kind call (no `std::io` type has one; futures' `AsyncWriteExt::close`
/// and `SinkExt::close` are known by the receiver's bounds or type).
pub fn is_io_only_on_a_stream(name: &str) -> bool {
    matches!(name, "finish" | "close")
}

/// The `write!` family: macros that return the writer's `Result`.
pub const WRITE_MACROS: &[&str] = &["write", "writeln"];

/// Whether `name` is a write-side poll method or function: it starts with
/// `poll_` and is not a read, receive or timer poll, nor a constructor of a
/// future (`poll_fn`).
pub fn is_write_side_poll(name: &str) -> bool {
    const READ_PREFIXES: &[&str] = &[
        "poll_read",
        "poll_recv",
        "poll_next",
        "poll_accept",
        "poll_peek",
    ];
    const NOT_WRITES: &[&str] = &[
        "poll_fill_buf",
        "poll_frame",
        "poll_data",
        "poll_trailers",
        "poll_tick",
        "poll_elapsed",
        "poll_fn",
        "poll_immediate",
        // `FutureExt::poll_unpin` polls a future, not a writer.
        "poll_unpin",
        // Notifications and locks: `Pending` means "nothing yet".
        "poll_lock",
        "poll_reset",
        "poll_closed",
        "poll_acquire",
        "poll_capacity",
        "poll_cancel",
        "poll_canceled",
    ];
    name.starts_with("poll_")
        && name.len() > "poll_".len()
        && !READ_PREFIXES.iter().any(|prefix| {
            // `poll_read` and `poll_read_buf`, but not `poll_ready`.
            name.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
        })
        && !NOT_WRITES.contains(&name)
}

/// The write-side poll methods of the common traits (`AsyncWrite`, `Sink`,
/// tower's `Service`, and their `*_unpin` helpers). Other `poll_*` names are
/// often helpers that return `()`.
pub fn is_standard_write_poll(name: &str) -> bool {
    matches!(
        name.strip_suffix("_unpin").unwrap_or(name),
        "poll_write"
            | "poll_write_vectored"
            | "poll_write_buf"
            | "poll_flush"
            | "poll_shutdown"
            | "poll_close"
            | "poll_ready"
            | "poll_write_ready"
            | "poll_complete"
    )
}

/// The number of arguments an IO method takes besides the receiver (a
/// range, since `close` and `shutdown` vary by type); configured IO write
/// names take any number.
fn io_arity(checker: &Checker<'_, '_>, name: &str) -> Option<Range<usize>> {
    Some(match name {
        // `flush(timeout)`: a producer's flush that waits at most so long.
        "flush" => 0..2,
        "sync_all" | "sync_data" => 0..1,
        "write" | "write_all" | "write_vectored" | "write_all_vectored" | "write_fmt"
        | "write_buf" | "write_all_buf" => 1..2,
        "shutdown" | "close" => 0..2,
        "finish" => 0..1,
        _ if checker
            .settings()
            .io_writes
            .iter()
            .any(|extra| extra == name) =>
        {
            0..usize::MAX
        }
        _ => return None,
    })
}

/// Whether a method or path call of an IO name is an IO write at all, by
/// how it is called: the number of arguments, no type arguments (a bit
/// writer's `write::<3, u8>(v)`), not on a raw pointer (`ptr.write(v)`
/// stores a value), bytes given to a byte write (`MaybeUninit::write`
/// takes a value); and for a path call, qualified by a trait or type
/// (`Write::flush(w)`; `fs::write(path, data)` and `libc::close(fd)` are
/// functions of modules).
pub fn is_io_call(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    let Some(arity) = io_arity(checker, &value.name) else {
        return false;
    };
    let bytes_ok = |buffer: Option<&Expr>| {
        buffer.is_none_or(|buffer| {
            !is_bytes_write(&value.name)
                || (looks_like_buffer(buffer)
                    && !crate::writers::is_growable_destination(checker, buffer))
        })
    };
    match value.call.as_deref() {
        Some(Expr::MethodCall(call)) => {
            arity.contains(&call.args.len())
                && call.turbofish.is_none()
                && !is_pointer_like(&call.receiver)
                && bytes_ok(call.args.first())
        }
        Some(Expr::Call(call)) => {
            let Expr::Path(path) = &*call.func else {
                return false;
            };
            let qualified = path.qself.is_some()
                || path.path.segments.iter().rev().nth(1).is_some_and(|owner| {
                    owner
                        .ident
                        .to_string()
                        .starts_with(|c: char| c.is_ascii_uppercase())
                });
            let raw_memory = path
                .path
                .segments
                .iter()
                .any(|segment| segment.ident == "ptr" || segment.ident == "MaybeUninit");
            qualified
                && !raw_memory
                && !call.args.is_empty()
                && arity.contains(&(call.args.len() - 1))
                && bytes_ok(call.args.iter().nth(1))
        }
        _ => false,
    }
}

/// Whether the poll that `ready!` is given (in `value`) holds a `Result`:
/// one of the common trait methods, or one declared so in this file.
/// `ready!(poll_proceed(cx))` yields `()`.
pub fn holds_result(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    is_standard_write_poll(&value.name)
        || checker
            .file_facts()
            .functions
            .get(&value.name)
            .is_some_and(|declared| declared.iter().any(|one| one.mentions_result))
}

/// Whether the call in `value` is one the rules judge as an IO write: an
/// IO method or path call, a `ready!` given a poll that holds a `Result`,
/// or a `write!`.
pub fn is_judged_write(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    match value.form {
        CallForm::Method | CallForm::Path => is_io_call(checker, value),
        CallForm::Ready => holds_result(checker, value),
        CallForm::Macro => true,
    }
}

/// Methods whose argument is the bytes to write (as opposed to `flush`,
/// `close(frame)`, `shutdown(how)`).
fn is_bytes_write(name: &str) -> bool {
    // `write_all_vectored` takes `&mut [IoSlice]`, so it is not checked.
    matches!(name, "write" | "write_all" | "write_vectored")
}

/// Whether a write argument looks like bytes: `&buf`, `b"…"`, `buf`,
/// `self.buf`, `s.as_bytes()`. A struct literal or a constructor call is what
/// `MaybeUninit::write` and `<*mut T>::write` take instead.
fn looks_like_buffer(argument: &Expr) -> bool {
    match argument {
        // `x.write(&mut sink)` serialises `x` into a writer, and
        // `x.write(&Row { … })` writes a record.
        Expr::Reference(reference) => {
            reference.mutability.is_none() && !matches!(&*reference.expr, Expr::Struct(_))
        }
        // `self`, `writer`, `self.printer` are a serialiser's destination,
        // as in `header.write(writer)?`, not bytes.
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| !names_a_destination(&ident.to_string())),
        Expr::Field(field) => match &field.member {
            syn::Member::Named(name) => !names_a_destination(&name.to_string()),
            syn::Member::Unnamed(_) => true,
        },
        Expr::Lit(literal) => matches!(literal.lit, syn::Lit::ByteStr(_) | syn::Lit::Str(_)),
        Expr::Paren(paren) => looks_like_buffer(&paren.expr),
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "as_bytes" | "as_ref" | "as_slice" | "as_mut_slice" | "chunk" | "bytes" | "as_mut"
        ),
        _ => false,
    }
}

fn names_a_destination(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "self"
        || [
            "writer",
            "printer",
            "encoder",
            "serializer",
            "sink",
            "stream",
            "output",
            "bits",
            "message",
            "value",
            "item",
        ]
        .iter()
        .any(|word| name.contains(word))
}

/// A raw pointer receiver (`ptr.add(i)`, `v.as_mut_ptr()`), whose `write`
/// stores a value.
fn is_pointer_like(receiver: &Expr) -> bool {
    match receiver {
        Expr::MethodCall(call) => matches!(
            call.method.to_string().as_str(),
            "add"
                | "offset"
                | "sub"
                | "byte_add"
                | "wrapping_add"
                | "as_mut_ptr"
                | "cast"
                | "cast_mut"
                | "as_ptr"
        ),
        Expr::Paren(paren) => is_pointer_like(&paren.expr),
        Expr::Path(path) => path
            .path
            .get_ident()
            .is_some_and(|ident| ident.to_string().ends_with("ptr")),
        _ => false,
    }
}

/// Whether `receiver` is `self` itself, through wrappers that keep it.
pub fn is_self(receiver: &Expr) -> bool {
    let aliases = std::collections::HashSet::from(["self".to_string()]);
    crate::self_paths::path_of(receiver, &aliases).is_some_and(|path| path.len() == 1)
}

/// Whether the call is made on `self` itself (`self.poll_flush(cx)`,
/// `self.as_mut().poll_flush(cx)`, `Pin::new(&mut *self)…`).
pub fn on_self(value: &Value<'_>) -> bool {
    value.receiver().is_some_and(is_self)
}

/// What `self.method(…)` resolves to when the enclosing `impl` declares
/// `method` itself.
pub fn own_method(checker: &Checker<'_, '_>, value: &Value<'_>) -> Option<SignatureSummary> {
    let Some(Expr::MethodCall(call)) = value.call.as_deref() else {
        return None;
    };
    if value.form != CallForm::Method {
        return None;
    }
    let Expr::Path(path) = &*call.receiver else {
        return None;
    };
    if !path.path.is_ident("self") {
        return None;
    }
    checker.own_method(&value.name)
}

/// Whether the call is a close method (`poll_shutdown`, `poll_close`)
/// throwing away its own flush, in an `impl` that has a `poll_flush`:
/// `shutdown_without_flush` reports that, not `discarded_poll`.
pub fn is_own_flush_in_close(checker: &Checker<'_, '_>, value: &Value<'_>) -> bool {
    if !on_self(value) || !value.name.contains("flush") {
        return false;
    }
    let Some(Scope::Fn { sig, .. }) = checker.scope() else {
        return false;
    };
    (sig.ident == "poll_shutdown" || sig.ident == "poll_close")
        && checker.enclosing_impl().is_some_and(|item| {
            item.items.iter().any(|member| {
                matches!(member, syn::ImplItem::Fn(function) if function.sig.ident == "poll_flush")
            })
        })
}

/// Whether a write's argument is bytes beyond doubt: a byte or string
/// literal, an array, a slice of something (`&buf[..n]`), or
/// `.as_bytes()` / `.as_slice()`; `&batch` could be anything a `write`
/// takes.
pub fn writes_plain_bytes(value: &Value<'_>) -> bool {
    fn bytes(argument: &Expr) -> bool {
        match argument {
            Expr::Reference(reference) => match &*reference.expr {
                Expr::Index(_) | Expr::Array(_) | Expr::Repeat(_) => true,
                other => bytes(other),
            },
            Expr::Paren(paren) => bytes(&paren.expr),
            Expr::Lit(literal) => matches!(literal.lit, syn::Lit::ByteStr(_) | syn::Lit::Str(_)),
            Expr::MethodCall(call) => matches!(
                call.method.to_string().as_str(),
                "as_bytes" | "as_slice" | "as_ref" | "chunk"
            ),
            _ => false,
        }
    }
    written_buffer(value).is_some_and(bytes)
}

/// Whether a write's argument is empty (`&[]`, `b""`, `[0u8; 0]`): there is
/// no count to lose.
pub fn writes_nothing(value: &Value<'_>) -> bool {
    fn empty(argument: &Expr) -> bool {
        match argument {
            Expr::Reference(reference) => empty(&reference.expr),
            Expr::Paren(paren) => empty(&paren.expr),
            Expr::Array(array) => array.elems.is_empty(),
            Expr::Repeat(repeat) => matches!(&*repeat.len, Expr::Lit(literal)
                if matches!(&literal.lit, syn::Lit::Int(count) if count.base10_digits() == "0")),
            Expr::Lit(literal) => match &literal.lit {
                syn::Lit::ByteStr(bytes) => bytes.value().is_empty(),
                syn::Lit::Str(text) => text.value().is_empty(),
                _ => false,
            },
            _ => false,
        }
    }
    written_buffer(value).is_some_and(empty)
}

/// The buffer a write is given: its first argument (for a path call,
/// `Write::write(w, buf)`, the one after the receiver).
fn written_buffer<'v>(value: &'v Value<'_>) -> Option<&'v Expr> {
    let arguments = value.args();
    match value.form {
        CallForm::Path => arguments.get(1).copied(),
        _ => arguments.first().copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_side_polls_exclude_reads_timers_and_constructors() {
        for name in [
            "poll_write",
            "poll_write_vectored",
            "poll_flush",
            "poll_shutdown",
            "poll_close",
            "poll_ready",
            "poll_write_buf",
            "poll_drain_buffer",
            "poll_ready_unpin",
        ] {
            assert!(is_write_side_poll(name), "{name}");
        }
        for name in [
            "poll_read",
            "poll_read_buf",
            "poll_next",
            "poll_next_unpin",
            "poll_recv_from",
            "poll_accept",
            "poll_peek",
            "poll_fill_buf",
            "poll_fn",
            "poll_tick",
            "poll_",
            "poll",
            "flush",
        ] {
            assert!(!is_write_side_poll(name), "{name}");
        }
    }
}
