//! The `cchc` command line: parses arguments, calls the library, prints, and maps
//! outcomes to exit codes (0 all scored, 1 findings or units in error, 2 unusable input).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
