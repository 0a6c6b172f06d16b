//! The crate model: what a crate declares, for rules that need to know
//! more than the file they are looking at.

pub mod items;
