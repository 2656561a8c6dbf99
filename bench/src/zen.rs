//! The zen-engine contender: the same criteria as a JDM decision graph
//! (`bench/zen/tdthpl-2020-2024.json`: an expression node deriving days late and
//! ratios, one first-hit decision table per criterion, an expression node summing
//! points and maxima). The graph is loaded, created and compiled once, as zen's
//! documentation advises, then evaluated once per unit; the host reads the typed
//! rows (same reader as the floor), builds each unit's context, and ranks and writes
//! the wide report with the shared code.

use crate::read::{Row, Val, for_each_row};
use crate::schema::{CRITERIA, FIELDS, N_CRITERIA, Params};
use crate::wide::{Cell, Results};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::Arc;
use zen_engine::DecisionEngine;
use zen_engine::model::DecisionContent;

/// The compiled decision graph and what evaluating it needs, made once per run.
pub struct Scorer {
    decision: zen_engine::Decision,
    runtime: tokio::runtime::Runtime,
    params: Value,
    keys: Vec<String>,
}

/// One unit's result from the graph: the criterion cells and, when the graph's
/// totals still hold, its total and maximum.
pub type Scored = ([Cell; N_CRITERIA], Option<(Decimal, Decimal)>);

impl Scorer {
    /// Loads the graph at `graph`, creates the decision and compiles it once.
    pub fn new(graph: &Path, year: i64) -> Result<Scorer, String> {
        let text =
            std::fs::read_to_string(graph).map_err(|e| format!("{}: {e}", graph.display()))?;
        let content: DecisionContent =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", graph.display()))?;
        let engine = DecisionEngine::default();
        let mut decision = engine
            .create_decision(Arc::new(content))
            .map_err(|e| format!("{}: {e:?}", graph.display()))?;
        decision.compile();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| e.to_string())?;
        let p = Params::for_year(year);
        let params = Value::Object(Map::from_iter([
            ("han_ke_hoach".to_string(), Value::from(p.han_ke_hoach)),
            (
                "han_bao_cao_nam".to_string(),
                Value::from(p.han_bao_cao_nam),
            ),
            (
                "han_bao_cao_xu_ly_ngay".to_string(),
                Value::from(p.han_bao_cao_xu_ly_ngay),
            ),
        ]));
        let keys = CRITERIA
            .iter()
            .map(|c| format!("d_{}", c.id.replace('.', "_")))
            .collect();
        Ok(Scorer {
            decision,
            runtime,
            params,
            keys,
        })
    }

    /// Evaluates the graph for one unit.
    pub fn score(&self, row: &Row<'_>) -> Result<Scored, String> {
        let response = self
            .runtime
            .block_on(self.decision.evaluate(context(row, &self.params).into()))
            .map_err(|e| format!("unit {}: zen-engine failed: {e:?}", row.id))?;
        let number = |key: &str| response.result.dot(key).and_then(|v| v.as_number());
        let mut cells: [Cell; N_CRITERIA] = std::array::from_fn(|i| match number(&self.keys[i]) {
            Some(points) => Cell::Points(points),
            None => Cell::NotApplicable,
        });
        let overridden = host_errors(row, &mut cells);
        let totals = match (overridden, number("tong_diem"), number("tong_toi_da")) {
            (false, Some(total), Some(max)) => Some((total, max)),
            _ => None,
        };
        Ok((cells, totals))
    }
}

/// Scores `input` with the decision graph at `graph` and writes the wide report to `output`.
pub fn run(graph: &Path, input: &Path, output: &Path, year: i64) -> Result<u64, String> {
    let scorer = Scorer::new(graph, year)?;
    let mut results = Results::default();
    let mut failure = None;
    for_each_row(input, |row| {
        if failure.is_some() {
            return;
        }
        match scorer.score(row) {
            Ok((cells, totals)) => results.push_with_totals(row, cells, totals),
            Err(e) => failure = Some(e),
        }
    })?;
    if let Some(failure) = failure {
        return Err(failure);
    }
    results.rank();
    results.write(output)?;
    Ok(results.evaluations())
}

/// One unit's context: `cap`, every field (null when blank or unreadable; dates as
/// day numbers) and the year's parameters.
fn context(row: &Row<'_>, params: &Value) -> Value {
    let mut map = Map::with_capacity(FIELDS.len() + 2);
    map.insert(
        "cap".into(),
        row.level.map_or(Value::Null, |l| Value::from(l.code())),
    );
    for (field, val) in FIELDS.iter().zip(&row.vals) {
        let value = match *val {
            Val::Bool(b) => Value::from(b),
            Val::Date(d) | Val::Int(d) => Value::from(d),
            Val::Dec(d) => Value::from(d.to_string()),
            Val::Blank | Val::Bad => Value::Null,
        };
        map.insert(field.id.into(), value);
    }
    map.insert("params".into(), params.clone());
    Value::Object(map)
}

/// What the graph cannot see: a cell that did not parse makes the criteria reading
/// it `error`, and a unit without a level is `error` throughout. Returns whether
/// any cell was overridden (the graph's totals then no longer apply).
fn host_errors(row: &Row<'_>, cells: &mut [Cell; N_CRITERIA]) -> bool {
    let mut overridden = false;
    for (cell, criterion) in cells.iter_mut().zip(&CRITERIA) {
        let bad = criterion
            .reads
            .iter()
            .any(|&(f, _)| row.vals[f] == Val::Bad);
        if row.level.is_none() || (bad && *cell != Cell::NotApplicable) {
            *cell = Cell::Error;
            overridden = true;
        }
    }
    overridden
}
