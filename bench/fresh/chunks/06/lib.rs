// Empty: this package only exists to pin the crates in Cargo.toml.
