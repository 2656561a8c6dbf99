#!/usr/bin/env python3
"""Scores TDTHPL evidence with the shipped 2020-2024 criteria, the pandas way.

    python bench/pandas_score.py EVIDENCE.csv OUT.csv

The pandas contender of issue #7's benchmark: an idiomatic, vectorised script (no
loop over rows) reading the same Excel-style CSV as cchc (UTF-8 BOM, ';', Có/Không,
dd/mm/yyyy) and writing the same wide report:

    ma_don_vi,ten_don_vi,cap,1.1,...,2.2,tong_diem,tong_toi_da,ty_le_phan_tram,hang

Points are kept as integer hundredths (exact, never binary floats) and written as
decimals with two places. A blank required field is 0 points (missing evidence); a
cell that does not parse makes the criteria reading it 'error' and the unit unranked.
The deadlines are the ruleset's parameters for the file's year (column nam).
"""

import sys

import numpy as np
import pandas as pd

# Spellings cchc accepts for yes/no and levels (lower case, with and without diacritics).
YES = ["có", "co", "x", "1", "true", "yes", "đúng", "dung", "đạt", "dat"]
NO = ["không", "khong", "0", "false", "no", "sai"]
BOOLS = {**{t: True for t in YES}, **{t: False for t in NO}}
LEVELS = {"so": "so", "sở": "so", "huyen": "huyen", "huyện": "huyen", "xa": "xa", "xã": "xa"}

# Criteria: id, maximum (hundredths), levels.
CRITERIA = [
    ("1.1", 25, {"so", "huyen", "xa"}),
    ("1.2", 25, {"so", "huyen", "xa"}),
    ("1.3", 25, {"so", "huyen", "xa"}),
    ("1.4", 25, {"so", "huyen"}),
    ("1.5", 25, {"so", "huyen", "xa"}),
    ("2.1", 50, {"so", "huyen", "xa"}),
    ("2.2", 25, {"so", "huyen", "xa"}),
]
REPORT_DAYS = 30  # han_bao_cao_xu_ly_ngay


def as_bool(col):
    """(value as True/False/NaN, blank mask, bad mask)."""
    text = col.str.strip().str.lower()
    blank = text == ""
    value = text.map(BOOLS)
    bad = ~blank & value.isna()
    return value, blank, bad


def as_date(col):
    """(datetime64 with NaT, blank mask, bad mask): dd/mm/yyyy, else yyyy-mm-dd."""
    text = col.str.strip()
    blank = text == ""
    value = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
    iso = value.isna() & ~blank
    if iso.any():
        value[iso] = pd.to_datetime(text[iso], format="%Y-%m-%d", errors="coerce")
    bad = ~blank & value.isna()
    return value, blank, bad


def as_count(col):
    """(int64 with 0 for blanks, blank mask, bad mask): whole numbers >= 0."""
    text = col.str.strip()
    blank = text == ""
    whole = text.str.fullmatch(r"[+-]?\d+")
    value = pd.to_numeric(text.where(whole, "0")).astype("int64")
    bad = ~blank & (~whole | (value < 0))
    return value.where(~bad & ~blank, 0), blank, bad


def hundredths_to_text(h):
    """Integer hundredths -> '0.25', '2.00' (exact, no floats)."""
    return (h // 100).astype(str) + "." + (h % 100).astype(str).str.zfill(2)


def score(df):
    year = int(df["nam"].iloc[0]) if "nam" in df and len(df) else 2024
    plan_deadline = pd.Timestamp(year, 1, 31)  # han_ke_hoach
    report_deadline = pd.Timestamp(year, 11, 30)  # han_bao_cao_nam

    level = df["cap"].str.strip().str.lower().map(LEVELS)
    no_level = level.isna()

    plan, plan_blank, plan_bad = as_date(df["ngay_ban_hanh_ke_hoach"])
    info, info_blank, info_bad = as_bool(df["thu_thap_thong_tin"])
    planned, planned_blank, planned_bad = as_count(df["so_cuoc_kiem_tra_ke_hoach"])
    done, done_blank, done_bad = as_count(df["so_cuoc_kiem_tra_thuc_hien"])
    survey, survey_blank, survey_bad = as_bool(df["dieu_tra_khao_sat"])
    report, report_blank, report_bad = as_date(df["ngay_gui_bao_cao_nam"])
    due, due_blank, due_bad = as_count(df["so_ket_qua_phai_xu_ly"])
    handled, handled_blank, handled_bad = as_count(df["so_ket_qua_da_xu_ly"])
    request, request_blank, request_bad = as_bool(df["co_yeu_cau_xu_ly"])
    received, received_blank, received_bad = as_date(df["ngay_nhan_yeu_cau_xu_ly"])
    answered, answered_blank, answered_bad = as_date(df["ngay_bao_cao_xu_ly"])

    plan_late = (plan - plan_deadline).dt.days
    report_late = (report - report_deadline).dt.days
    answer_days = (answered - received).dt.days

    # (points in hundredths, error mask) per criterion; np.select picks the first band that holds.
    points = {
        "1.1": (
            np.select([plan_blank, plan_late <= 0, plan_late <= 10], [0, 25, 15], 5),
            plan_bad,
        ),
        "1.2": (np.where(info_blank, 0, np.where(info == True, 25, 0)), info_bad),  # noqa: E712
        "1.3": (
            np.select(
                [planned_blank | done_blank, planned == 0, done >= planned, 2 * done >= planned],
                [0, np.where(done > 0, 25, 0), 25, 15],
                0,
            ),
            planned_bad | done_bad,
        ),
        "1.4": (np.where(survey_blank, 0, np.where(survey == True, 25, 0)), survey_bad),  # noqa: E712
        "1.5": (
            np.select(
                [report_blank, report_late <= 0, report_late <= 2, report_late <= 5, report_late <= 10],
                [0, 25, 20, 15, 10],
                0,
            ),
            report_bad,
        ),
        "2.1": (
            np.select(
                [due_blank | handled_blank, (due == 0) | (handled >= due), 5 * handled >= 4 * due, 2 * handled >= due],
                [0, 50, 35, 20],
                0,
            ),
            due_bad | handled_bad,
        ),
        "2.2": (
            np.select(
                [request_blank, request == False, received_blank | answered_blank, answer_days <= REPORT_DAYS],  # noqa: E712
                [0, 25, 0, 25],
                10,
            ),
            request_bad | received_bad | answered_bad,
        ),
    }

    out = pd.DataFrame({"ma_don_vi": df["ma_don_vi"], "ten_don_vi": df["ten_don_vi"], "cap": level.fillna("")})
    total = pd.Series(0, index=df.index, dtype="int64")
    maximum = pd.Series(0, index=df.index, dtype="int64")
    any_error = no_level.copy()
    for cid, max_h, levels in CRITERIA:
        pts, bad = points[cid]
        pts = pd.Series(pts, index=df.index).astype("int64")
        applies = level.isin(levels)
        error = (bad & applies) | no_level
        out[cid] = np.where(error, "error", np.where(applies, hundredths_to_text(pts), ""))
        total += pts.where(applies & ~error, 0)
        maximum += np.where(applies, max_h, 0)
        any_error |= error

    # Half up to 2 places of total/max*100, in hundredths of a percent, integers only.
    safe_max = maximum.where(maximum > 0, 1)
    percent = (2 * total * 10000 + safe_max) // (2 * safe_max)
    out["tong_diem"] = hundredths_to_text(total)
    out["tong_toi_da"] = hundredths_to_text(maximum)
    out["ty_le_phan_tram"] = hundredths_to_text(percent).where(maximum > 0, "")

    # Rank within the level by total/max, ties share ("1, 2, 2, 4"). The ratio of two
    # small integers as a double is exact enough: distinct ratios differ by far more
    # than a rounding error, and equal ratios give the same double.
    any_bad = pd.concat(
        [plan_bad, info_bad, planned_bad, done_bad, survey_bad, report_bad, due_bad,
         handled_bad, request_bad, received_bad, answered_bad],
        axis=1,
    ).any(axis=1)
    rankable = ~any_error & ~any_bad & (maximum > 0)
    ratio = (total / safe_max).where(rankable)
    rank = ratio.groupby(level).rank(method="min", ascending=False)
    out["hang"] = rank.astype("Int64").astype(str).replace("<NA>", "")
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: pandas_score.py EVIDENCE.csv OUT.csv\n")
        return 2
    df = pd.read_csv(argv[1], sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    score(df).to_csv(argv[2], index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
