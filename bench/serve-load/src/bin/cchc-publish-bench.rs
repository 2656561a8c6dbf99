//! Publication benchmark (issue #16): what freezing a round costs against
//! scoring it. For each size N: a round of N synthetic units (`cchc gen`,
//! opened and imported with `cchc round`), confirmed; then, in process and in
//! one run, `pipeline::score_file` on the round's evidence (the baseline, what
//! `cchc score` does), `publication::publish` (both scorings, every report
//! format, one notice per unit, the rules archive, stored as revision 1), and
//! an appeal decision that changes one fact (revision 2). Prints a Markdown
//! table with the times, the ratios to the baseline, and revision 1's size.
//!
//! Usage: cchc-publish-bench --cchc PATH [--sizes 100,1000] [--work DIR]

use cchc::model::Date;
use cchc::store::{Actor, Decision, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn run(cchc: &Path, args: &[&str], dir: &Path) {
    let out = Command::new(cchc)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cchc runs");
    assert!(
        out.status.success(),
        "cchc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let mut cchc = PathBuf::from("target/release/cchc");
    let mut sizes = vec![100usize, 1000];
    let mut work = std::env::temp_dir().join("cchc-publish-bench");
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--cchc" => cchc = PathBuf::from(value),
            "--sizes" => sizes = value.split(',').map(|s| s.parse().expect("--sizes N,M")).collect(),
            "--work" => work = PathBuf::from(value),
            other => panic!("unknown option {other}"),
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo.canonicalize().expect("the repository");
    println!("| units | `score_file` (baseline) | publish (revision 1) | × baseline | appeal → revision 2 | × baseline | revision 1's files | database growth |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let dir = work.join(format!("n{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("work dir");
        let evidence = dir.join("minh-chung.csv");
        let db = dir.join("cchc.db");
        let (ev, dbs) = (evidence.to_str().unwrap(), db.to_str().unwrap());
        let units = n.to_string();
        let rules = repo.join("rules/tdthpl-2020-2024");
        let rules = rules.to_str().unwrap();
        run(&cchc, &["gen", "--rules", rules, "--year", "2024", "--units", &units, "-o", ev], &repo);
        run(
            &cchc,
            &["round", "open", "--db", dbs, "--year", "2024", "--rules", rules, "--units", ev,
              "--start", "01/11/2024", "--deadline", "15/12/2024"],
            &repo,
        );
        run(&cchc, &["round", "import", "--db", dbs, "--year", "2024", "--evidence", ev], &repo);

        let mut store = Store::open(&db).expect("store");
        let cli = Actor::cli();
        let today = Date::parse("2026-12-01").unwrap();
        store.confirm_appraisal(&cli, 2024, today).expect("confirm");
        let round_rules = store.round(2024).unwrap().rules().unwrap();
        let exported = dir.join("xuat.csv");
        std::fs::write(&exported, cchc::round_setup::export_evidence_csv(&store, 2024).unwrap()).unwrap();

        let start = Instant::now();
        let scored = cchc::pipeline::score_file(&round_rules, &exported, 2024).expect("score");
        let baseline = ms(start);
        assert_eq!(scored.board.units.len(), n);

        let on_disk = |db: &Path| -> u64 {
            ["", "-wal"]
                .iter()
                .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", db.display())).ok())
                .map(|m| m.len())
                .sum()
        };
        let before = on_disk(&db);
        let scratch = dir.join("publication");
        let start = Instant::now();
        cchc::publication::publish(&mut store, &cli, &round_rules, (2024, Date::parse("2099-12-31").unwrap()), &scratch, today)
            .expect("publish");
        let publish = ms(start);
        let grown = on_disk(&db).saturating_sub(before);
        let info = store.revisions(2024).unwrap();
        let mut stored = 0usize;
        for name in &info[0].files {
            stored += store.revision_file(2024, Some(1), name).unwrap().1.len();
        }

        let unit = scored.board.units[0].id.clone();
        let id = store
            .file_appeal(&cli, (2024, &unit, "1.1"), ("Bản ký ghi ngày khác", &[]), today)
            .expect("appeal");
        let decision = Decision {
            accepted: true,
            reason: "Theo bản ký",
            changes: vec![("ngay_ban_hanh_ke_hoach", "20/02/2024")],
        };
        let start = Instant::now();
        let second = cchc::publication::decide_appeal(&mut store, &cli, &round_rules, (2024, id), &decision, &scratch)
            .expect("decide");
        let appeal = ms(start);
        assert_eq!(second, Some(2));
        println!(
            "| {n} | {baseline:.0} ms | {publish:.0} ms | {:.1} | {appeal:.0} ms | {:.1} | {:.1} MB | {:.1} MB |",
            publish / baseline,
            appeal / baseline,
            stored as f64 / 1_048_576.0,
            grown as f64 / 1_048_576.0
        );
    }
}
