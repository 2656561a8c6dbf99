//! The `cchc` command line: parses arguments, calls the library, prints, and maps
//! outcomes to exit codes (0 all scored, 1 findings or units in error, 2 unusable input).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::panic,
    clippy::unreachable
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::panic,
        clippy::unreachable
    )
)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
