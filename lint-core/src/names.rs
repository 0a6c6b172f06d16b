//! Names the rules give a meaning to, shared with the pre-filter so that
//! both agree on which calls can hold a finding.

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

/// IO methods whose `Ok` value is the number of bytes written and the only
/// record of it. (`write_buf` advances the buffer it is given.)
pub fn io_returns_amount(name: &str) -> bool {
    matches!(name, "write" | "write_vectored")
}

/// Adapters that keep the `Poll` or `Result` they are called on, so that
/// the value is still thrown away when the adapted one is.
pub fn is_shape_keeping_adapter(name: &str) -> bool {
    matches!(
        name,
        "map" | "map_err" | "map_ok" | "inspect" | "inspect_err"
    )
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
