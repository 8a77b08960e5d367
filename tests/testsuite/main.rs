//! factbook's integration tests: one binary, run against the real `factbook` executable.
//! See README.md in this folder for how to add a case.

#![allow(
    unreachable_pub,
    reason = "a test binary has no public API; `pub` marks the helpers"
)]

mod build;
mod cli;
mod content;
mod decision;
mod emit;
mod errors;
mod facts;
mod fuzz;
mod gui;
mod guide;
mod incremental;
mod quotes;
mod search;
mod serve;
mod site_test;
mod theme;
