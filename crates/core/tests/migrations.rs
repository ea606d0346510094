//! Databases made by every earlier schema (fixtures in `fixtures/schema`, from `make.py`) open
//! with all their data, and a stored row this build cannot read is skipped and reported.

use snowpost_core::storage::Storage;
use snowpost_core::{Accept, ClientAuth, GrantType};

fn open(version: u32) -> (Storage, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = format!(
        "{}/tests/fixtures/schema/v{version}.db",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(fixture, dir.path().join("snowpost.db")).unwrap();
    (Storage::open_dir(dir.path()).unwrap(), dir)
}

#[test]
fn every_earlier_schema_opens_with_all_its_data() {
    let current = Storage::open_dir(tempfile::tempdir().unwrap().path())
        .unwrap()
        .schema_version()
        .unwrap();
    for version in 1..=4 {
        let (s, _dir) = open(version);
        assert_eq!(s.schema_version().unwrap(), current, "v{version} migrated");
        assert_eq!(s.integrity_check().unwrap(), "ok");
        let profiles = s.profiles().unwrap();
        assert_eq!(profiles.len(), 2, "v{version}");
        let (dev, prod) = (&profiles[0], &profiles[1]);
        assert_eq!(
            (
                dev.name.as_str(),
                dev.instance.host(),
                dev.grant,
                dev.username.as_deref()
            ),
            (
                "dev",
                "dev1.service-now.com",
                GrantType::Password,
                Some("admin")
            )
        );
        assert_eq!(
            (prod.grant, prod.client_auth, prod.scope.as_deref()),
            (
                GrantType::ClientCredentials,
                ClientAuth::Basic,
                Some("useraccount")
            )
        );
        // Schema 1 had no margin: the default; schema 2 kept the one set.
        assert_eq!(
            prod.refresh_margin_secs,
            if version >= 2 { 120 } else { 60 }
        );
        if version >= 3 {
            let history = s.history(Some("dev"), "", 10).unwrap();
            assert!(history.skipped.is_empty(), "{:?}", history.skipped);
            let h = &history.rows[0];
            assert_eq!((h.status, h.request.table.as_str()), (200, "incident"));
            assert_eq!(h.request.params[0].value, "5");
            let saved = s.saved_requests("dev").unwrap();
            let create = &saved.rows[0].request;
            assert_eq!(
                (create.method.as_str(), create.accept),
                ("POST", Accept::Xml)
            );
            assert!(!create.headers[0].enabled);
            if version >= 4 {
                use snowpost_core::guard::{Environment, WriteGuard};
                assert_eq!(
                    (prod.environment, prod.write_guard),
                    (Environment::Production, WriteGuard::Confirm)
                );
            }
            assert!(
                s.cached_tables("dev").unwrap().is_none(),
                "schema 5's cache starts empty"
            );
            assert_eq!(
                create.body.as_deref(),
                Some("{\"short_description\":\"Printer on fire\"}")
            );
        }
    }
}

#[test]
fn a_row_that_no_longer_reads_is_skipped_and_reported() {
    let (s, dir) = open(3);
    drop(s);
    let conn = rusqlite::Connection::open(dir.path().join("snowpost.db")).unwrap();
    for (name, json) in [
        ("future", r#"{"v":9,"method":"GET"}"#),
        ("torn", "{\"method\":\"GE"),
    ] {
        conn.execute(
            "INSERT INTO saved_request (profile, name, request, updated_at) VALUES ('dev', ?1, ?2, 0)",
            [name, json],
        )
        .unwrap();
    }
    drop(conn);
    let s = Storage::open_dir(dir.path()).unwrap();
    let saved = s.saved_requests("dev").unwrap();
    assert_eq!(saved.rows.len(), 1, "the readable row is still listed");
    assert_eq!(saved.skipped.len(), 2);
    assert!(saved
        .skipped
        .iter()
        .any(|s| s.contains("(future): record version 9 is from a newer Snowpost")));
    assert!(saved.skipped.iter().any(|s| s.contains("(torn): not JSON")));
}
