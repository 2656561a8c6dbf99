//! The criterion loader: any bytes as a criterion file beside a valid `ruleset.toml`
//! (and a second, valid criterion) must load or fail with diagnostics, never panic.
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
    if let Ok(loaded) = cchc::load_ruleset(dir) {
        // A ruleset that loads must keep its own invariants.
        for criterion in &loaded.ruleset.criteria {
            assert!(
                !criterion.bands.is_empty(),
                "criterion {} loaded without bands",
                criterion.id
            );
        }
    }
});
