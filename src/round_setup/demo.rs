//! `cchc serve --demo`: a database made from the shipped sample province, so a
//! newcomer can try every role at once.

use super::evidence_file::read_evidence_cells;
use super::issued::{IssuedAccount, add_user, unit_accounts};
use super::open::{Window, open_round};
use super::units_file::read_units_file;
use crate::accounts::Role;
use crate::error::Error;
use crate::model::Date;
use crate::store::{Actor, Store};
use std::path::Path;

/// The sample rounds: year and evidence file (its units are the round's units).
const ROUNDS: [(i64, &str); 2] = [(2024, "2024.csv"), (2025, "2025.csv")];

/// Units of each round left without evidence, so the Sở's page shows units
/// that have not started.
const LEFT_EMPTY: usize = 2;

/// Fills an empty database: the 2024 round (tdthpl-2020-2024) and the 2025
/// round (tdthpl-2025) from `rules_root`, no overlay; their units and evidence
/// from the sample files in `sample_dir` (the last two units of each round left
/// blank); an administrator `admin`, an appraiser `thamdinh` and one account per
/// unit. The 2025 round is open for self-assessment from 30 days before `today`
/// to 60 days after. The 2024 round's self-assessment ended 30 days ago and it
/// is in its explanation window (from 2 days ago to 12 days ahead): the
/// appraiser has corrected a fact of [`DEMO_APPRAISED`] units, with reasons, and
/// asked them to explain. Returns the accounts created, to print once. A
/// database that already has rounds is reopened as it is (nothing is created,
/// nothing printed).
pub fn seed_demo(
    store: &mut Store,
    rules_root: &Path,
    sample_dir: &Path,
    today: Date,
) -> Result<Vec<IssuedAccount>, Error> {
    if !store.rounds()?.is_empty() {
        return Ok(Vec::new());
    }
    let cli = Actor::cli();
    let shift = |days: i64| {
        Date::from_day_number(today.day_number().saturating_add(days))
            .ok_or_else(|| Error::Usage("ngày ngoài phạm vi / date out of range".into()))
    };
    let open_now = Window {
        start: shift(-30)?,
        deadline: shift(60)?,
    };
    let ended = Window {
        start: shift(-120)?,
        deadline: shift(-30)?,
    };
    let mut issued = Vec::new();
    if store.account_count()? == 0 {
        issued.push(add_user(store, &cli, "admin", Role::Admin, &[])?);
        let appraiser = add_user(store, &cli, "thamdinh", Role::Appraiser, &[])?;
        if let Some(account) = store.account_by_login(&appraiser.login)? {
            // The demo's appraiser appraises every group of criteria.
            store.set_appraiser_groups(&cli, account.id, &["*".to_string()])?;
        }
        issued.push(appraiser);
    }
    for (year, file) in ROUNDS {
        let path = sample_dir.join(file);
        let window = if year == APPRAISED_YEAR {
            ended
        } else {
            open_now
        };
        open_round(store, &cli, year, rules_root, None, Some(window))?;
        store.add_units(&cli, year, &read_units_file(&path)?)?;
        let rules = store.round(year)?.rules()?;
        let mut units = read_evidence_cells(&rules, year, &path)?;
        units.truncate(units.len().saturating_sub(LEFT_EMPTY));
        let batch: Vec<(&str, Vec<(&str, &str)>)> = units
            .iter()
            .map(|u| {
                (
                    u.ma_don_vi.as_str(),
                    u.cells
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect(),
                )
            })
            .collect();
        store.import_evidence(&cli, year, &batch)?;
        let round_units = store.units(year)?;
        issued.extend(unit_accounts(store, &cli, &round_units)?);
    }
    appraise_demo(store, (shift(-2)?, shift(12)?), today)?;
    Ok(issued)
}

/// The round the demo shows in appraisal.
const APPRAISED_YEAR: i64 = 2024;

/// How many units of that round the demo's appraiser has corrected.
const DEMO_APPRAISED: usize = 3;

/// Round 1 of the 2024 round's appraisal, by the demo's appraiser: one fact
/// corrected per unit with its reason (sample data, said so), a request for an
/// explanation; then the explanation `window` opened.
fn appraise_demo(store: &mut Store, window: (Date, Date), today: Date) -> Result<(), Error> {
    let appraiser = Actor {
        account: store.account_by_login("thamdinh")?.map(|a| a.id),
        address: "demo".into(),
    };
    let units = store.units(APPRAISED_YEAR)?;
    for unit in units.iter().take(DEMO_APPRAISED) {
        let target = (
            APPRAISED_YEAR,
            unit.ma_don_vi.as_str(),
            "ngay_ban_hanh_ke_hoach",
        );
        store.correct_cell(
            &appraiser,
            target,
            "20/02/2024",
            "Bản lưu của Kế hoạch ghi ngày ký 20/02/2024 (dữ liệu thử)",
            today,
        )?;
        store.request_explanation(
            &appraiser,
            (APPRAISED_YEAR, &unit.ma_don_vi, "1.1"),
            "Đề nghị gửi bản ký của Kế hoạch năm 2024 (dữ liệu thử)",
            today,
        )?;
    }
    store.set_explanation_window(&Actor::cli(), APPRAISED_YEAR, window)
}
