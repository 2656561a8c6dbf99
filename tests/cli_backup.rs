//! `cchc backup` while `cchc serve` is writing: the copy is the database at one
//! instant (every write answered before the backup began is in it), with its
//! documents; a server started on the copy serves them (the restore). A copy
//! never replaces a file.

mod serve_support;

use serde_json::json;
use serve_support::{Client, PASSWORD, make_database, spawn_server};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

fn backup(db: &Path, copy: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .arg("backup")
        .arg("--db")
        .arg(db)
        .arg("-o")
        .arg(copy)
        .output()
        .unwrap()
}

#[test]
fn a_backup_taken_during_writes_is_whole_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = make_database(dir.path());
    let (mut server, base) = spawn_server(&db);
    let mut unit = Client::new(&base);
    assert_eq!(unit.login("so-stp", PASSWORD).0, 200);
    let pdf = b"%PDF-1.7\nke hoach\n%%EOF\n";
    let token = unit.csrf.clone().unwrap();
    let path =
        format!("/ky/2024/don-vi/SO-STP/tai-lieu?csrf={token}&truong=ngay_ban_hanh_ke_hoach");
    assert_eq!(unit.upload(&path, "ke-hoach.pdf", pdf).status, 303);

    // A writer keeps editing while the backup runs.
    let (stop, acknowledged) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU32::new(0)),
    );
    let writer = {
        let (stop, acknowledged, base) =
            (Arc::clone(&stop), Arc::clone(&acknowledged), base.clone());
        std::thread::spawn(move || {
            let mut client = Client::new(&base);
            assert_eq!(client.login("xa-a", PASSWORD).0, 200);
            let mut i = 1u32;
            while !stop.load(Ordering::SeqCst) {
                let body = json!({"so_cuoc_kiem_tra_ke_hoach": i.to_string()});
                if client.try_json("PUT", "/api/rounds/2024/units/XA-A/evidence", body) == Some(200)
                {
                    acknowledged.store(i, Ordering::SeqCst);
                }
                i += 1;
            }
        })
    };
    while acknowledged.load(Ordering::SeqCst) < 20 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before = acknowledged.load(Ordering::SeqCst);
    let copy = dir.path().join("sao-luu.db");
    let out = backup(&db, &copy);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 tài liệu"));
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(
        acknowledged.load(Ordering::SeqCst) > before,
        "writes went on during the backup"
    );
    let _ = server.kill();
    let _ = server.wait();

    // The restore: a server on the copy.
    let (mut restored, base) = spawn_server(&copy);
    let mut admin = Client::new(&base);
    assert_eq!(
        admin.login("admin", PASSWORD).0,
        200,
        "accounts are in the copy"
    );
    let xa = admin.get("/api/rounds/2024/units/XA-A").json();
    let stored: u32 = xa["evidence"]["so_cuoc_kiem_tra_ke_hoach"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        stored >= before,
        "every write answered before the backup began: {stored} < {before}"
    );
    let digest: String = {
        use sha2::Digest;
        sha2::Sha256::digest(pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let document = admin.get(&format!("/ky/2024/don-vi/SO-STP/tai-lieu/{digest}"));
    assert_eq!((document.status, document.body.as_slice()), (200, &pdf[..]));
    let _ = restored.kill();
    let _ = restored.wait();
}

#[test]
fn a_backup_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = make_database(dir.path());
    let existing = dir.path().join("co-roi.db");
    std::fs::write(&existing, b"giu nguyen").unwrap();
    let refused = backup(&db, &existing);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("never replaces"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"giu nguyen");
    assert_eq!(backup(&db, &db).status.code(), Some(2));
    let missing = backup(&dir.path().join("khong-co.db"), &dir.path().join("x.db"));
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        !dir.path().join("khong-co.db").exists(),
        "no database is created by a backup"
    );
}
