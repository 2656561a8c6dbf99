//! The closed set of diagnostic codes: each with its dotted string (stable, printed
//! and documented in `rules/README.md`), its severity, the stage that reports it and
//! a one-line description in Vietnamese and English. A lint names a [`Code`], so a
//! misspelled code does not compile.

use super::Severity;

/// Which command reports a code: loading (`score`, `test`, `doc`, and `check`), or
/// only `cchc check`'s lints, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reported while loading the ruleset.
    Load,
    /// Reported only by `cchc check`.
    Check,
    /// Reported while loading and again by a `cchc check` lint.
    Both,
}

impl Stage {
    /// The "by" column of the table in `rules/README.md`: `L`, `C` or `L+C`.
    pub const fn label(self) -> &'static str {
        match self {
            Stage::Load => "L",
            Stage::Check => "C",
            Stage::Both => "L+C",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $stage:ident, $description:literal;)*) => {
        /// A diagnostic code (`band/gap`), in the order of the table in `rules/README.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $code, "`: ", $description)]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the table in `rules/README.md`.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The dotted code as printed: `band/gap`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// How bad a finding with this code is.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// Which command reports it.
            pub const fn stage(self) -> Stage {
                match self {
                    $(Code::$variant => Stage::$stage,)*
                }
            }

            /// What it means, in one line: `Vietnamese / English`.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)*
                }
            }
        }
    };
}

codes! {
    TomlInvalid = "toml/invalid", Error, Load,
        "TOML sai cú pháp, khóa lạ, thiếu khóa hoặc khóa sai kiểu / invalid TOML, an unknown, missing or mistyped key";
    TomlEncoding = "toml/encoding", Error, Load,
        "tệp không phải UTF-8 / the file is not UTF-8";
    ValuePointsNotString = "value/points-not-string", Error, Load,
        "điểm viết dạng số TOML thay vì chuỗi / points written as a TOML number, not a string";
    ValueThresholdNotString = "value/threshold-not-string", Error, Load,
        "ngưỡng viết dạng số thực / a bound written as a float";
    ValueInvalidDecimal = "value/invalid-decimal", Error, Load,
        "chuỗi số thập phân không đọc được / a decimal string that does not parse";
    ValueNegativePoints = "value/negative-points", Error, Load,
        "điểm âm / negative points";
    ValuePointsTooLarge = "value/points-too-large", Error, Load,
        "điểm hoặc điểm tối đa trên 1 000 000 / points or a maximum above 1 000 000";
    ValueOverflow = "value/overflow", Error, Load,
        "tổng điểm tối đa vượt giới hạn số thập phân / maxima do not add up exactly within a decimal";
    LevelUnknown = "level/unknown", Error, Load,
        "cấp không phải so, huyen, xa / a level other than so, huyen, xa";
    LevelDuplicate = "level/duplicate", Error, Load,
        "một cấp được liệt kê hai lần / a level listed twice";
    LevelNotInRuleset = "level/not-in-ruleset", Error, Load,
        "applies_to nêu cấp mà bộ tiêu chí không chấm / applies_to names a level the ruleset does not score";
    PathOutsideRuleset = "path/outside-ruleset", Error, Load,
        "tệp quy tắc liên kết ra ngoài thư mục bộ tiêu chí / a rule file links outside the ruleset directory";
    PathLinkedDirectory = "path/linked-directory", Error, Load,
        "thư mục con là liên kết / a directory inside the ruleset is a link";
    PathTooManyFiles = "path/too-many-files", Error, Load,
        "thư mục có quá nhiều tệp hoặc mục / the ruleset directory holds too many files or entries";
    RulesetInvalidYears = "ruleset/invalid-years", Error, Load,
        "years không phải [từ, đến] hoặc [từ] / years is not [from, to] or [from]";
    RulesetInvalidRounding = "ruleset/invalid-rounding", Error, Load,
        "rounding.places ngoài 0–6 / rounding.places outside 0–6";
    RulesetNoCriteria = "ruleset/no-criteria", Error, Load,
        "bộ tiêu chí không có tệp tiêu chí nào / the ruleset has no criterion file";
    RulesetLevelUnscored = "ruleset/level-unscored", Warning, Load,
        "không tiêu chí nào áp dụng cho một cấp của bộ / no criterion applies to one of the ruleset's levels";
    RulesetMaxMismatch = "ruleset/max-mismatch", Error, Load,
        "tổng điểm tối đa không khớp điểm khai báo / maxima do not add up to the declared maximum";
    RulesetUngroupedCriterion = "ruleset/ungrouped-criterion", Error, Load,
        "mã tiêu chí không thuộc nhóm nào / a criterion's id falls in no declared group";
    OverlayWrongRuleset = "overlay/wrong-ruleset", Error, Load,
        "tệp điều chỉnh dành cho bộ tiêu chí khác / the overlay names another ruleset";
    OverlayDuplicateExempt = "overlay/duplicate-exempt", Warning, Load,
        "miễn một đơn vị khỏi một tiêu chí hai lần / one unit exempted from one criterion twice";
    OverlayEmptyExempt = "overlay/empty-exempt", Error, Load,
        "[[exempt]] có criteria = [] / an [[exempt]] entry with criteria = []";
    OverlayUnknownCriterion = "overlay/unknown-criterion", Error, Load,
        "điều chỉnh tiêu chí không có / the overlay changes a criterion the ruleset does not have";
    OverlayUnknownBand = "overlay/unknown-band", Error, Load,
        "điều chỉnh mức không có / the overlay changes a band the criterion does not have";
    OverlayUnknownGroup = "overlay/unknown-group", Error, Load,
        "điều chỉnh nhóm không có / the overlay changes a group the ruleset does not have";
    OverlayUnknownParam = "overlay/unknown-param", Error, Load,
        "đặt tham số không được khai báo / the overlay sets an undeclared parameter";
    OverlayCannotScale = "overlay/cannot-scale", Error, Load,
        "scale_bands từ điểm tối đa 0 / scale_bands from a maximum of 0";
    CriterionAppliesToNothing = "criterion/applies-to-nothing", Error, Load,
        "applies_to = [] / applies_to = []: the criterion applies to no unit";
    CriterionZeroMax = "criterion/zero-max", Error, Load,
        "điểm tối đa 0 ở một cấp được áp dụng / a maximum of 0 at a level the criterion applies to";
    CriterionInvalidId = "criterion/invalid-id", Error, Load,
        "mã tiêu chí hoặc nhóm không theo số hiệu chính thức / a criterion or group id that is not official numbering";
    CriterionDuplicateId = "criterion/duplicate-id", Error, Load,
        "hai tệp khai báo cùng mã tiêu chí / two files declare the same criterion id";
    CriterionTooMany = "criterion/too-many", Error, Load,
        "tệp tiêu chí có quá nhiều mức, trường, ca hoặc căn cứ / a criterion file with too many bands, fields, cases or citations";
    CriterionMissingLevelMax = "criterion/missing-level-max", Error, Load,
        "max_points theo cấp thiếu một cấp được áp dụng / per-level max_points lacks an applicable level";
    EvidenceInvalidId = "evidence/invalid-id", Error, Load,
        "mã trường minh chứng không hợp lệ hoặc bị dành riêng / an evidence field id that is invalid or reserved";
    EvidenceTypeConflict = "evidence/type-conflict", Error, Load,
        "một trường khai báo hai kiểu / the same field declared with two types";
    EvidenceInvalidBound = "evidence/invalid-bound", Error, Load,
        "giới hạn hợp lý không đọc được hoặc không hợp kiểu / a plausibility bound that does not parse or fit its field";
    EvidenceUnknownBoundField = "evidence/unknown-bound-field", Error, Load,
        "giới hạn hợp lý nêu trường không có hoặc sai kiểu / a plausibility bound names a missing or mistyped field";
    EvidenceUnused = "evidence/unused", Warning, Check,
        "trường không bắt buộc mà script không đọc / an optional field the script never reads";
    BandNone = "band/none", Error, Load,
        "tiêu chí không có mức nào / a criterion without bands";
    BandDuplicateKey = "band/duplicate-key", Error, Load,
        "hai mức cùng khóa / two bands with one key";
    BandMissingLevelPoints = "band/missing-level-points", Error, Load,
        "điểm theo cấp thiếu một cấp được áp dụng / per-level points lack an applicable level";
    BandPointsOutOfRange = "band/points-out-of-range", Error, Load,
        "điểm của mức vượt điểm tối đa / band points above the criterion's maximum";
    BandTopBelowMax = "band/top-below-max", Error, Load,
        "không mức nào cho điểm tối đa / no band gives the maximum";
    BandTooPrecise = "band/too-precise", Error, Load,
        "điểm có nhiều chữ số thập phân hơn quy tắc làm tròn / band points more precise than the rounding keeps";
    BandInvertedBounds = "band/inverted-bounds", Error, Load,
        "khoảng ngưỡng rỗng / an empty range of bounds";
    BandTwoUpperBounds = "band/two-upper-bounds", Error, Load,
        "một mức có cả below và at_most / both below and at_most on one band";
    BandGap = "band/gap", Error, Check,
        "các mức bỏ sót giá trị của chỉ số / metric bands leave values uncovered";
    BandOverlap = "band/overlap", Error, Check,
        "hai mức cùng chứa một giá trị / two metric bands both contain some values";
    BandUnreachable = "band/unreachable", Error, Check,
        "không đầu vào nào chọn được mức / no input can select the band";
    BandMissingClause = "band/missing-clause", Warning, Check,
        "mức không ghi dòng của bảng điểm / a band without its row of the official table";
    ScriptCompile = "script/compile", Error, Load,
        "script không biên dịch được / the script does not compile";
    ScriptUndeclaredVariable = "script/undeclared-variable", Error, Load,
        "script đọc tên không được khai báo / the script reads an undeclared name";
    ScriptUnknownParam = "script/unknown-param", Error, Load,
        "script đọc tham số không có trong [params] / the script reads a parameter not in [params]";
    ScriptRebindsInput = "script/rebinds-input", Error, Load,
        "script gán lại params, year hoặc một trường minh chứng / the script rebinds params, year or an evidence field";
    ScriptPointsLiteral = "script/points-literal", Warning, Check,
        "số thập phân viết trong script / a decimal literal in a script";
    ParamInvalidName = "param/invalid-name", Error, Load,
        "tên tham số không hợp lệ / a parameter name that is not a lower-case identifier";
    ParamInvalidType = "param/invalid-type", Error, Load,
        "kiểu tham số không phải date, integer, decimal / a parameter type other than date, integer, decimal";
    ParamInvalidValue = "param/invalid-value", Error, Load,
        "giá trị tham số không hợp kiểu / a parameter value that does not fit its type";
    ParamUnused = "param/unused", Warning, Check,
        "tham số không được script nào đọc / a parameter no script reads";
    CaseUnknownBand = "case/unknown-band", Error, Load,
        "ca kiểm thử chờ mức không có / a case expects a band the criterion does not declare";
    CaseUnknownField = "case/unknown-field", Error, Load,
        "ca kiểm thử nêu trường không có / a case input names an undeclared field";
    CaseInvalidInput = "case/invalid-input", Error, Load,
        "đầu vào của ca kiểm thử không đọc được theo kiểu / a case input that does not parse as its type";
    CaseInvalidLevel = "case/invalid-level", Error, Load,
        "cấp của ca kiểm thử không được chấm / a case level the ruleset does not score";
    CaseEmptyExpect = "case/empty-expect", Error, Load,
        "ca kiểm thử không chờ gì / a case that expects nothing";
    CaseNone = "case/none", Error, Check,
        "tiêu chí không có [[case]] / a criterion without any [[case]]";
    CaseYearOutside = "case/year-outside", Error, Check,
        "ca kiểm thử thử năm bộ tiêu chí không áp dụng / a case tests a year the ruleset does not govern";
    CaseFailed = "case/failed", Error, Check,
        "ca kiểm thử không đạt / a case whose expectation does not hold";
    CaseMissingBand = "case/missing-band", Warning, Check,
        "không ca kiểm thử nào đạt mức / no case reaches the band";
    LegalMissingBasis = "legal/missing-basis", Warning, Load,
        "tiêu chí không có [[legal_basis]] / a criterion without [[legal_basis]]";
    LegalMissingQuote = "legal/missing-quote", Warning, Both,
        "căn cứ không có trích dẫn nguyên văn / a citation, or every citation of a criterion, without a quote";
    LegalUnverifiedWithoutNote = "legal/unverified-without-note", Warning, Check,
        "căn cứ chưa kiểm chứng không ghi chú phần nào / an unverified citation without a note";
}

impl Code {
    /// The code whose dotted string is `code`, if any.
    pub fn parse(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl serde::Serialize for Code {
    /// As its dotted string, so JSON output reads `"code": "band/gap"`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_dotted_and_parse_back() {
        for (i, code) in Code::ALL.iter().enumerate() {
            let s = code.as_str();
            let (family, name) = s.split_once('/').unwrap();
            assert!(!family.is_empty() && !name.is_empty(), "{s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '/'),
                "{s}"
            );
            assert_eq!(Code::parse(s), Some(*code));
            assert!(!Code::ALL[..i].iter().any(|c| c.as_str() == s), "{s} twice");
        }
        // Built, not written: a misspelled literal here would trip the source scan.
        assert_eq!(Code::parse(&["band", "gapp"].join("/")), None);
    }

    #[test]
    fn every_description_is_one_bilingual_line() {
        for code in Code::ALL {
            let d = code.description();
            assert!(!d.contains('\n'), "{code}");
            let (vi, en) = d.split_once(" / ").unwrap_or_else(|| panic!("{code}: {d}"));
            assert!(!vi.is_empty() && !en.is_empty(), "{code}: {d}");
        }
    }

    /// The rows of the code table in `rules/README.md`: code, severity, by.
    fn documented() -> Vec<(String, String, String)> {
        let readme = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md"),
        )
        .unwrap();
        let table = readme
            .split("| code | severity | by | what it means |")
            .nth(1)
            .expect("the code table in rules/README.md");
        table
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (
                    cells[1].trim_matches('`').to_string(),
                    cells[2].to_string(),
                    cells[3].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_documented_table_is_the_enum() {
        let enumerated: Vec<(String, String, String)> = Code::ALL
            .iter()
            .map(|c| {
                let severity = match c.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                (
                    c.as_str().to_string(),
                    severity.to_string(),
                    c.stage().label().to_string(),
                )
            })
            .collect();
        assert_eq!(documented(), enumerated);
    }

    /// Every producer names a [`Code`]: no dotted code string literal is left in
    /// `src/` outside this file (such a literal would be a code that the compiler
    /// does not check).
    #[test]
    fn no_code_is_spelt_as_a_string_outside_this_file() {
        fn scan(dir: &std::path::Path, bad: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, bad);
                    continue;
                }
                if path.ends_with("diagnostic/code.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let families: Vec<&str> = Code::ALL
                    .iter()
                    .filter_map(|c| c.as_str().split('/').next())
                    .collect();
                for literal in text.split('"').skip(1).step_by(2) {
                    if let Some((family, name)) = literal.split_once('/')
                        && families.contains(&family)
                        && !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    {
                        bad.push(format!("{}: {literal}", path.display()));
                    }
                }
            }
        }
        let mut bad = Vec::new();
        scan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut bad,
        );
        assert_eq!(bad, Vec::<String>::new());
    }
}
