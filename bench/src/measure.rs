//! Running one contender as its own process: wall time around spawn and reap, and
//! the process's peak resident set from `wait4`'s `rusage` (`ru_maxrss`), so each
//! contender's memory is its own.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run cost.
#[derive(Debug, Clone, Copy)]
pub struct Measurement {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Peak resident set size, in KiB (Linux `ru_maxrss`).
    pub max_rss_kib: u64,
    /// Exit code (`None`: killed by a signal).
    pub code: Option<i32>,
}

/// Runs `program args` in `cwd`, its stdout and stderr going to `log`, and waits
/// for it with `wait4`.
pub fn run(program: &Path, args: &[String], cwd: &Path, log: &Path) -> Result<Measurement, String> {
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child, which
    // `Child` never reaps because we never call its wait methods.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: valid pointers to a local status and rusage, for our child pid.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = start.elapsed();
    if reaped != pid {
        return Err(format!(
            "wait4 on {}: {}",
            program.display(),
            std::io::Error::last_os_error()
        ));
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Measurement {
        wall,
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        code,
    })
}
