//! `cchc serve` killed with SIGKILL in the middle of a stream of writes loses
//! none that was answered 200; a restart keeps rounds, accounts, sessions,
//! documents and the audit log; SIGTERM stops it cleanly after the requests in
//! flight.

mod serve_support;

use serde_json::json;
use serve_support::{Client, make_database, spawn_server};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[test]
fn every_acknowledged_write_survives_sigkill_and_a_restart_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = make_database(dir.path());
    let (mut server, base) = spawn_server(&db);

    let mut unit = Client::new(&base);
    assert_eq!(unit.login("so-stp", serve_support::PASSWORD).0, 200);
    let pdf = b"%PDF-1.7\nbien ban\n%%EOF\n";
    let token = unit.csrf.clone().unwrap();
    let upload = unit.upload(
        &format!("/ky/2024/don-vi/SO-STP/tai-lieu?csrf={token}&truong=ngay_ban_hanh_ke_hoach"),
        "bien-ban.pdf",
        pdf,
    );
    assert_eq!(upload.status, 303);

    // Two writers; the server is killed after 150 acknowledged writes.
    let acknowledged: Arc<Mutex<Vec<(String, u32)>>> = Arc::default();
    let count = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = [("so-stp", "SO-STP"), ("xa-a", "XA-A")]
        .into_iter()
        .map(|(login, unit_id)| {
            let (base, acknowledged, count) =
                (base.clone(), Arc::clone(&acknowledged), Arc::clone(&count));
            std::thread::spawn(move || {
                let mut client = Client::new(&base);
                assert_eq!(client.login(login, serve_support::PASSWORD).0, 200);
                for i in 1u32.. {
                    let path = format!("/api/rounds/2024/units/{unit_id}/evidence");
                    let Some(status) = client.try_json(
                        "PUT",
                        &path,
                        json!({"so_cuoc_kiem_tra_ke_hoach": i.to_string()}),
                    ) else {
                        return; // the server is gone
                    };
                    assert_eq!(status, 200);
                    acknowledged.lock().unwrap().push((unit_id.to_string(), i));
                    count.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    while count.load(Ordering::SeqCst) < 150 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for w in writers {
        w.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 150);

    // Restart: the same session cookie still works, every acknowledged value is there.
    let (mut again, base) = spawn_server(&db);
    unit.set_base(&base);
    let last = acknowledged
        .iter()
        .filter(|(u, _)| u == "SO-STP")
        .map(|(_, i)| *i)
        .max()
        .unwrap();
    let answer = unit.get("/api/rounds/2024/units/SO-STP");
    assert_eq!(answer.status, 200, "the session survived the restart");
    let stored: u32 = answer.json()["evidence"]["so_cuoc_kiem_tra_ke_hoach"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // The last acknowledged write, or one committed just before the kill.
    assert!(
        stored == last || stored == last + 1,
        "stored {stored}, last acknowledged {last}"
    );
    let digest: String = {
        use sha2::Digest;
        sha2::Sha256::digest(pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let document = unit.get(&format!("/ky/2024/don-vi/SO-STP/tai-lieu/{digest}"));
    assert_eq!((document.status, document.body.as_slice()), (200, &pdf[..]));

    // SIGTERM: a clean stop.
    let pid = again.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = again.wait().unwrap();
    assert!(
        status.success(),
        "SIGTERM ends serve with exit 0, got {status:?}"
    );

    // The audit log has every acknowledged write.
    let store = cchc::store::Store::open(&db).unwrap();
    for unit_id in ["SO-STP", "XA-A"] {
        let logged: Vec<String> = store
            .audit(2024, Some(unit_id))
            .unwrap()
            .into_iter()
            .filter(|r| r.field.as_deref() == Some("so_cuoc_kiem_tra_ke_hoach"))
            .filter_map(|r| r.new_value)
            .collect();
        for (_, i) in acknowledged.iter().filter(|(u, _)| u == unit_id) {
            assert!(
                logged.contains(&i.to_string()),
                "{unit_id}: write {i} is in the audit log"
            );
        }
    }
    assert_eq!(store.rounds().unwrap().len(), 2);
    assert!(store.account_by_login("xa-a").unwrap().is_some());
}
