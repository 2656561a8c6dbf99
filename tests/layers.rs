//! The crate's layers, enforced by reading its sources (README, "How the code is
//! organised"): dependencies run one way, model ← foundations ← ruleset ←
//! evidence ← engine ← score ← reports and tools ← CLI, only the engine names
//! `rhai`, and the `csv` crate is used by the evidence reader and the one CSV
//! writer only.
//!
//! A new top-level module must be placed in [`LAYERS`] before this test passes:
//! where a module sits is a decision, not an accident of what it imports.

mod common;

use common::repo_path;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules of `src/` by layer, lowest first. A module may import its
/// own layer and the layers below; within a layer the imports must not form a
/// cycle.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    (
        "foundations",
        &[
            "text",
            "diagnostic",
            "error",
            "input_file",
            "fingerprint",
            "output",
        ],
    ),
    ("ruleset", &["ruleset"]),
    ("evidence", &["evidence"]),
    ("engine", &["engine"]),
    ("score", &["score"]),
    (
        "reports and tools",
        &[
            "pipeline",
            "report",
            "doc",
            "trace",
            "diff",
            "verify",
            "check",
            "cases",
            "coverage",
            "template",
            "self_assessment",
            "synthetic",
        ],
    ),
    // What `cchc serve` stands on: accounts and security (no HTTP, no SQL) and the
    // SQLite store (all SQL of the crate), above scoring and the tools.
    (
        "server domain",
        &[
            "accounts",
            "store",
            "form_entry",
            "round_setup",
            "publication",
        ],
    ),
    // `cchc serve`: HTTP over the server domain, beside the CLI.
    ("server", &["server"]),
    ("cli", &["cli", "main"]),
];

/// Modules that may import less than their layer allows: the module, and the
/// only modules it may name. `accounts` decides who may do what from roles,
/// sessions and clocks alone; scoring is none of its business.
const NARROW: &[(&str, &[&str])] = &[(
    "accounts",
    &[
        "model",
        "text",
        "diagnostic",
        "error",
        "input_file",
        "fingerprint",
        "output",
    ],
)];

/// Where an external crate may be named, by path prefix under `src/`.
const CRATE_HOMES: &[(&str, &[&str])] = &[
    ("rhai", &["src/engine/"]),
    ("csv", &["src/evidence/", "src/output/csv.rs"]),
    // All SQL lives in the store.
    ("rusqlite", &["src/store/"]),
    // Only revisions are stored deflated.
    ("flate2", &["src/store/revisions.rs"]),
    // HTTP and templates only in the server: the domain below it knows neither.
    ("axum", &["src/server/"]),
    ("tokio", &["src/server/"]),
    ("minijinja", &["src/server/"]),
];

struct Source {
    /// Path relative to the repository, with `/`.
    relative: String,
    /// Top-level module (`src/score/mod.rs` → `score`, `src/text.rs` → `text`).
    module: String,
    /// The code with `//` comments removed, one entry per line.
    code: Vec<String>,
}

fn sources() -> Vec<Source> {
    let root = repo_path("");
    let mut files = Vec::new();
    walk(&repo_path("src"), &mut files);
    files
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&root)
                .expect("under the repository")
                .to_string_lossy()
                .replace('\\', "/");
            let first = relative
                .trim_start_matches("src/")
                .split('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".rs")
                .to_string();
            let text = std::fs::read_to_string(&path).expect("read source");
            let code = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or_default().to_string())
                .collect();
            Source {
                relative,
                module: first,
                code,
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// `crate::x` names in `line`, with names re-exported at the crate root
/// (`crate::load_ruleset`) mapped to the module they come from.
fn crate_paths(line: &str, root_exports: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        // `cchc::crate::` never happens; a `$crate::` macro path is not a module.
        if before == Some('$') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let module = root_exports.get(&name).cloned().unwrap_or(name);
        found.push(module);
    }
    found
}

/// Names `src/lib.rs` re-exports at the crate root, and their modules.
fn root_exports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(repo_path("src/lib.rs")).expect("lib.rs");
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for item in items.trim_end_matches(';').split(&[',', '{', '}'][..]) {
            let item = item.trim();
            if !item.is_empty() {
                map.insert(item.to_string(), module.to_string());
            }
        }
    }
    map
}

/// Imports between top-level modules: module → modules it names, with where.
fn imports(sources: &[Source]) -> BTreeMap<String, BTreeMap<String, String>> {
    let exports = root_exports();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for s in sources {
        if s.relative == "src/lib.rs" {
            continue;
        }
        for (n, line) in s.code.iter().enumerate() {
            for target in crate_paths(line, &exports) {
                if target != s.module {
                    graph
                        .entry(s.module.clone())
                        .or_default()
                        .entry(target)
                        .or_insert_with(|| format!("{}:{}", s.relative, n + 1));
                }
            }
        }
    }
    graph
}

#[test]
fn every_top_level_module_has_a_layer() {
    let modules: BTreeSet<String> = sources()
        .into_iter()
        .map(|s| s.module)
        .filter(|m| m != "lib")
        .collect();
    let unplaced: Vec<&String> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "place these top-level modules in LAYERS (tests/layers.rs) and in README's \"How the code is organised\": {unplaced:?}"
    );
}

#[test]
fn the_model_imports_nothing_else_of_the_crate() {
    let graph = imports(&sources());
    let model: Vec<String> = graph
        .get("model")
        .map(|deps| {
            deps.iter()
                .map(|(m, at)| format!("{at}: crate::{m}"))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        model.is_empty(),
        "the model must be a leaf:\n{}",
        model.join("\n")
    );
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let graph = imports(&sources());
    let mut upward = Vec::new();
    for (module, deps) in &graph {
        let Some(own) = layer_of(module) else {
            continue;
        };
        for (target, at) in deps {
            if let Some(theirs) = layer_of(target)
                && theirs > own
            {
                upward.push(format!(
                    "{at}: {module} ({}) imports {target} ({})",
                    LAYERS[own].0, LAYERS[theirs].0
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a higher layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn narrow_modules_import_only_what_they_are_allowed() {
    let graph = imports(&sources());
    let mut strays = Vec::new();
    for (module, allowed) in NARROW {
        for (target, at) in graph.get(*module).into_iter().flatten() {
            if !allowed.contains(&target.as_str()) {
                strays.push(format!("{at}: {module} imports {target}"));
            }
        }
    }
    assert!(
        strays.is_empty(),
        "imports outside a narrow module's allowance:\n{}",
        strays.join("\n")
    );
}

#[test]
fn modules_of_one_layer_do_not_import_each_other_in_a_cycle() {
    let graph = imports(&sources());
    // Depth-first search for a back edge, visiting modules in name order.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == m) {
            let mut cycle = path[start..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flat_map(|d| d.keys()) {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn external_crates_stay_in_their_homes() {
    let mut strays = Vec::new();
    for s in sources() {
        for (n, line) in s.code.iter().enumerate() {
            for (krate, homes) in CRATE_HOMES {
                if names_crate(line, krate) && !homes.iter().any(|h| s.relative.starts_with(h)) {
                    strays.push(format!("{}:{}: {}", s.relative, n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        strays.is_empty(),
        "rhai only in the engine, csv only in the evidence reader and the CSV writer:\n{}",
        strays.join("\n")
    );
}

/// Whether `line` names the external crate `krate` (`use rhai::…`, `::csv::Writer`,
/// `rhai::Dynamic`), not a module of the same name (`self::csv`, `super::csv`).
fn names_crate(line: &str, krate: &str) -> bool {
    let needle = format!("{krate}::");
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = line[from..].find(&needle) {
        let at = from + found;
        let before = &line[..at];
        // `::csv::` is an absolute path: the crate. `x::csv::` is a module path.
        let head = before.strip_suffix("::").unwrap_or(before);
        let absolute = before.ends_with("::") && !head.ends_with(is_ident);
        let starts_path = !before.ends_with("::") && !before.ends_with(is_ident);
        if absolute || starts_path {
            return true;
        }
        from = at + needle.len();
    }
    false
}

#[test]
fn the_checks_see_what_they_guard() {
    // The detectors themselves, on lines like the ones they guard against.
    assert!(names_crate("use rhai::Engine;", "rhai"));
    assert!(names_crate(
        "    let mut w = ::csv::Writer::from_writer(v);",
        "csv"
    ));
    assert!(names_crate("fn f(m: rhai::Map) {}", "rhai"));
    assert!(!names_crate("use self::csv::read_csv;", "csv"));
    assert!(!names_crate("use super::csv::CsvRows;", "csv"));
    assert!(!names_crate("mod csv;", "csv"));
    let exports = BTreeMap::from([("load_ruleset".to_string(), "engine".to_string())]);
    assert_eq!(
        crate_paths(
            "let r = crate::load_ruleset(dir); crate::model::Level::So",
            &exports
        ),
        ["engine", "model"]
    );
}
