//! The criterion loader: any bytes as a criterion file beside a valid `ruleset.toml`
//! (and a second, valid criterion) must load ([`cchc::load_ruleset`]) or fail with
//! diagnostics, never panic; `cchc check` ([`cchc::check::check_ruleset`]) must
//! lint the same directory without panicking and agree on whether it loads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const RULESET: &str = include_str!("../../tests/corpus/base/rules/ruleset.toml");
const OTHER: &str = include_str!("../../tests/corpus/base/rules/2-bao-cao.toml");

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cchc-fuzz-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch ruleset directory");
        std::fs::write(dir.join("ruleset.toml"), RULESET).expect("ruleset.toml");
        std::fs::write(dir.join("2-bao-cao.toml"), OTHER).expect("criterion 2");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    std::fs::write(dir.join("1-kiem-tra.toml"), data).expect("write the input");
    let loaded = cchc::load_ruleset(dir);
    if let Ok(loaded) = &loaded {
        // A ruleset that loads must keep its own invariants.
        for criterion in &loaded.ruleset.criteria {
            assert!(
                !criterion.bands.is_empty(),
                "criterion {} loaded without bands",
                criterion.id
            );
        }
    }
    // `check` reads the directory itself and lints even a broken ruleset; its
    // `usable` is documented as "whether `cchc score` would accept the ruleset".
    let Ok(report) = cchc::check::check_ruleset(dir, None) else {
        assert!(loaded.is_err(), "check failed on a ruleset that loads");
        return;
    };
    assert_eq!(
        report.usable,
        loaded.is_ok(),
        "check says usable = {}, loading says {:?}",
        report.usable,
        loaded.as_ref().err()
    );
});
