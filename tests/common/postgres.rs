//! The PostgreSQL the tests use: `WETTBEWERB_TEST_POSTGRES` names a database the tests may
//! create schemas in (`scripts/postgres.sh start` starts a throwaway one). Each log gets its own
//! schema, so tests run in parallel on one server.

/// The server's URL. Without one, a test that needs it skips on a developer's machine and fails
/// in CI (`CI` set), where `.ci/run` starts PostgreSQL.
#[allow(dead_code)]
pub fn server() -> Option<String> {
    match std::env::var("WETTBEWERB_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI runs the PostgreSQL tests: set WETTBEWERB_TEST_POSTGRES (.ci/run does)")
        }
        _ => {
            eprintln!("skipped: WETTBEWERB_TEST_POSTGRES is not set (scripts/postgres.sh start)");
            None
        }
    }
}

/// A new, empty schema on the server; the URL makes it the connection's search path.
#[allow(dead_code)]
pub fn fresh_log(server: &str) -> String {
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let url = server.to_owned();
    let create = schema.clone();
    // The synchronous client must not run on an async runtime's thread.
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("PostgreSQL");
        client
            .batch_execute(&format!("CREATE SCHEMA {create}"))
            .expect("a test schema");
    })
    .join()
    .expect("creating a test schema");
    let separator = if server.contains('?') { '&' } else { '?' };
    format!("{server}{separator}options=-csearch_path%3D{schema}")
}
