//! A progress bar on stderr for large runs: shown only when stderr is a terminal,
//! the run has at least [`LARGE_RUN`] units and `--quiet` is not given; otherwise
//! nothing is printed, so pipes, logs and tests see no control characters.
//!
//! The size of a run is not known before the evidence is read (it is read once,
//! a batch at a time): the bar is a counter, advanced by each batch scored
//! ([`Progress::tick`]), that appears once [`LARGE_RUN`] units are done.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Runs with at least this many units show a progress bar (on a terminal).
pub const LARGE_RUN: usize = 2_000;

/// Whether a run of `units` shows the bar.
fn shown(units: usize, quiet: bool, terminal: bool) -> bool {
    !quiet && terminal && units >= LARGE_RUN
}

/// The progress of one run; silent when not [`shown`].
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A counter that appears once [`LARGE_RUN`] units are done.
    pub fn counting(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg} {pos} đơn vị/units ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message("chấm điểm / scoring");
        Progress { bar: Some(bar) }
    }

    /// Once every unit is scored and their number is known (a report held whole),
    /// the counter becomes a bar of that total.
    pub fn total(&self, units: usize) {
        if let Some(bar) = &self.bar {
            let style = ProgressStyle::with_template(
                "{spinner} {msg} [{wide_bar}] {pos}/{len} ({elapsed})",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_length(units as u64);
        }
    }

    /// Prints a line above the bar (or plainly, without one).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) if !bar.is_hidden() => bar.suspend(|| eprintln!("{line}")),
            _ => eprintln!("{line}"),
        }
    }

    /// `n` more units are done.
    pub fn tick(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
            let done = usize::try_from(bar.position()).unwrap_or(usize::MAX);
            if bar.is_hidden() && shown(done, false, true) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
                // Drawn now, not at the next steady tick: a short run may end first.
                bar.tick();
            }
        }
    }

    /// Names the step now running (after scoring: writing the report).
    pub fn step(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(self) {
        drop(self);
    }
}

impl Drop for Progress {
    /// A run that stops early (an error) clears its bar too.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_runs_on_a_terminal_without_quiet_show_a_bar() {
        assert!(shown(LARGE_RUN, false, true));
        assert!(shown(50_000, false, true));
        assert!(!shown(LARGE_RUN - 1, false, true), "small run");
        assert!(!shown(50_000, true, true), "--quiet");
        assert!(!shown(50_000, false, false), "stderr is a pipe or a file");
    }
}
