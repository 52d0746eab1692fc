//! Browsing clients when no name is typed: the dossiers one opened last, and all clients page by
//! page in either order. Every list shown leaves an audit entry.

use crate::helpers::*;
use app::db::audit::UNTIL_ALL_FILED;
use app::domain::audit::AuditDetail;
use app::domain::client_list::ClientOrder;
use app::error::AppError;

async fn names(answer: &serde_json::Value) -> Vec<String> {
    answer.as_array().unwrap().iter().map(|c| c["surname"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn recent_clients_are_the_dossiers_this_user_opened_last_most_recent_first() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let mut ids = Vec::new();
    for surname in ["Aalbers", "Bakker", "Claes"] {
        ids.push(app.create_client("Zoë", surname).await.unwrap().as_str().unwrap().to_owned());
    }
    assert!(app.call("clients/recent", &[]).await.unwrap().as_array().unwrap().is_empty(), "none opened yet");

    for id in [&ids[1], &ids[0], &ids[1], &ids[2]] {
        app.call("clients/get", &[("id", id)]).await.unwrap();
    }
    let recent = app.call("clients/recent", &[]).await.unwrap();
    assert_eq!(names(&recent).await, ["Claes", "Bakker", "Aalbers"]);
    assert_eq!(app.count("select count(*) from audit_event where action = 'client.recent'").await, 2);
    // Each client's own log says her name was on the list.
    for id in &ids {
        assert!(app.audit_actions_for(id).await.ends_with(&["client.listed".to_owned()]), "{id}");
    }
}

#[tokio::test]
async fn all_clients_come_page_by_page_in_the_chosen_order() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    // Created in reverse alphabetical order, so the two orders differ.
    let surnames: Vec<String> = (0..30).rev().map(|i| format!("Achternaam{i:02}")).collect();
    for surname in &surnames {
        app.create_client("Zoë", surname).await.unwrap();
    }

    let first = app.call("clients/list", &[("page", "1"), ("order", "surname")]).await.unwrap();
    assert_eq!(
        (first["page"].as_u64(), first["pages"].as_u64(), first["total"].as_u64()),
        (Some(1), Some(2), Some(30))
    );
    let first_names = names(&first["clients"]).await;
    assert_eq!(first_names.len(), 25);
    assert_eq!(first_names[0], "Achternaam00");

    let second = app.call("clients/list", &[("page", "2"), ("order", "surname")]).await.unwrap();
    assert_eq!(
        names(&second["clients"]).await,
        ["Achternaam25", "Achternaam26", "Achternaam27", "Achternaam28", "Achternaam29"]
    );

    let newest = app.call("clients/list", &[("page", "1"), ("order", "newest")]).await.unwrap();
    assert_eq!(names(&newest["clients"]).await[0], "Achternaam00", "the last one created");
    assert_eq!(names(&newest["clients"]).await[24], "Achternaam24");

    // A page past the end shows the last page rather than nothing.
    let past = app.call("clients/list", &[("page", "99"), ("order", "surname")]).await.unwrap();
    assert_eq!(past["page"].as_u64(), Some(2));

    let details: Vec<String> =
        sqlx::query_scalar("select detail from audit_event where action = 'client.list' order by id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        AuditDetail::from_stored(&details[0]),
        Some(AuditDetail::ClientListPage { order: ClientOrder::Surname, page: 1, pages: 2, shown: 25 }),
        "stored as codes: {}",
        details[0]
    );
    assert_eq!(details.len(), 4);
    let listed = app.count("select count(*) from audit_event where action = 'client.listed'").await;
    assert_eq!(listed, 4, "one entry per list shown");
    app.file_names_listed().await;
    let names = app.count("select count(*) from audit_name_listed").await;
    assert_eq!(names, 25 + 5 + 25 + 5, "each entry names every client on its list");
    let id: String =
        sqlx::query_scalar("select id from client where surname = 'Achternaam29'").fetch_one(&app.pool).await.unwrap();
    let shown_on = app.audit_actions_for(&id).await.iter().filter(|action| *action == "client.listed").count();
    assert_eq!(shown_on, 2, "the second page by surname, shown twice; never on the first by newest");
}

#[tokio::test]
async fn an_unknown_order_or_no_session_is_refused() {
    let app = spawn_app().await;
    app.set_up().await;
    assert_eq!(app.call("clients/list", &[("page", "1"), ("order", "surname")]).await, Err(AppError::Unauthorized));
    assert_eq!(app.call("clients/recent", &[]).await, Err(AppError::Unauthorized));
    app.log_in(OWNER_PASSWORD).await.unwrap();
    assert_eq!(app.call("clients/list", &[("page", "1"), ("order", "age")]).await, Err(AppError::BadRequest));
    let not_a_number = app.post("clients/list", &[("page", "een"), ("order", "surname")]).await;
    assert_eq!(not_a_number.status(), 400);
}

#[tokio::test]
async fn a_name_among_search_results_is_logged_in_that_clients_own_log() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let zoe = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    let noor = app.create_client("Noor", "Jansen").await.unwrap().as_str().unwrap().to_owned();
    let hits = app.call("clients/search", &[("query", "zoe")]).await.unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);

    let log = app.call("clients/audit", &[("id", &zoe)]).await.unwrap();
    let shown = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "Naam getoond in een lijst" && e["detail"] == "zoekresultaten");
    assert!(shown, "{log}");
    assert!(!app.audit_actions_for(&noor).await.contains(&"client.listed".to_owned()), "not found, not shown");
}

#[tokio::test]
async fn a_name_taken_off_a_lists_entry_is_reported() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let zoe = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    app.create_client("Zoë", "Bakker").await.unwrap();
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();

    // Someone with the file hides from Zoë's log that her name was shown.
    app.file_names_listed().await;
    sqlx::query("drop trigger audit_name_listed_is_append_only_delete").execute(&app.pool).await.unwrap();
    sqlx::query("delete from audit_name_listed where client_id = ?").bind(&zoe).execute(&app.pool).await.unwrap();
    let log = app.call("clients/audit", &[("id", &zoe)]).await.unwrap();
    assert_eq!(log["chain_intact"], false, "the hashed entry still names her: {log}");
}

#[tokio::test]
async fn the_search_reads_its_order_names_and_other_words_from_the_index_alone_without_scanning_or_sorting() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let mut conn = app.pool.acquire().await.unwrap();
    for words in [vec!["zo"], vec!["zo", "de"], vec!["zo", "de", "vries"]] {
        let words: Vec<String> = words.into_iter().map(str::to_owned).collect();
        let plan = app::db::client::search_plan(&mut conn, &words).await.unwrap();
        assert!(plan.iter().all(|step| !step.starts_with("SCAN")), "no scan for {words:?}: {plan:?}");
        assert!(plan.iter().all(|step| !step.contains("TEMP B-TREE")), "no sort for {words:?}: {plan:?}");
        // The other words are checked on the rows read, not by a lookup per row.
        let reads: Vec<&String> = plan.iter().filter(|step| step.starts_with("SEARCH")).collect();
        assert_eq!(reads.len(), 1, "one read of the index for {words:?}: {plan:?}");
        assert!(reads[0].contains("PRIMARY KEY"), "the index in display order for {words:?}: {plan:?}");
    }
}

#[tokio::test]
async fn the_list_reads_one_index_in_either_order_and_its_total_follows_creation_and_erasure() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let zoe = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    app.create_client("Anna", "Bakker").await.unwrap();
    let list = || app.call("clients/list", &[("page", "1"), ("order", "surname")]);
    assert_eq!(list().await.unwrap()["total"], 2);

    app.call("retention/erase-on-request", &[("client_id", &zoe), ("confirmed", "yes")]).await.unwrap();
    let after = list().await.unwrap();
    assert_eq!(after["total"], 1);
    assert_eq!(names(&after["clients"]).await, ["Bakker"]);

    let mut conn = app.pool.acquire().await.unwrap();
    for order in [ClientOrder::Surname, ClientOrder::Newest] {
        let plan = app::db::client::page_plan(&mut conn, order).await.unwrap();
        assert!(plan.iter().all(|step| step.contains("COVERING INDEX")), "{order:?}: {plan:?}");
    }
}

#[tokio::test]
async fn a_search_shows_the_first_fifty_by_surname_and_finds_names_typed_in_any_order() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    for (first, surname) in [("Zoë", "de Vries"), ("Zora", "Achterberg"), ("Anna", "Zomer"), ("Zoë", "Östen")] {
        app.create_client(first, surname).await.unwrap();
    }
    assert_eq!(found(&app, "zo").await, ["Zora Achterberg", "Zoë de Vries", "Zoë Östen", "Anna Zomer"]);
    assert_eq!(found(&app, "vries zoe").await, ["Zoë de Vries"]);
    assert_eq!(
        found(&app, "vries oe").await,
        Vec::<String>::new(),
        "a further word counts only where a name word starts"
    );
    assert_eq!(found(&app, "devr").await, ["Zoë de Vries"], "the surname run together");
}

/// First name and surname of each client a search for `query` shows, in its order.
async fn found(app: &TestApp, query: &str) -> Vec<String> {
    let hits = app.call("clients/search", &[("query", query)]).await.unwrap();
    hits.as_array()
        .unwrap()
        .iter()
        .map(|hit| format!("{} {}", hit["first_name"].as_str().unwrap(), hit["surname"].as_str().unwrap()))
        .collect()
}

#[tokio::test]
async fn a_search_finds_only_the_names_that_go_on_as_typed() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    for (first, surname) in [("Anouk", "Jansen"), ("Anouk", "Janssen"), ("Bram", "Jansma"), ("Janneke", "Bos")] {
        app.create_client(first, surname).await.unwrap();
    }
    let expected: [(&str, &[&str]); 6] = [
        ("jans", &["Anouk Jansen", "Bram Jansma", "Anouk Janssen"]),
        ("jansen", &["Anouk Jansen"]),
        ("janss", &["Anouk Janssen"]),
        ("anouk janss", &["Anouk Janssen"]),
        ("jannek", &["Janneke Bos"]),
        ("jansenn", &[]),
    ];
    for (query, names) in expected {
        assert_eq!(found(&app, query).await, names, "{query}");
    }
}

/// A migrated database with no server on it: nothing files the names a list showed but the test.
async fn ledger_alone() -> (tempfile::TempDir, sqlx::SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("zorgvuldig.sqlite3"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    sqlx::migrate!("../migrations").run(&pool).await.unwrap();
    (dir, pool)
}

/// Appends, as a list shown does, one entry that lists `clients`; returns its id. (The retention
/// run's list: on a database with no one signed up, its actor needs no account.)
async fn list_shown(pool: &sqlx::SqlitePool, clients: &[&str]) -> i64 {
    use app::domain::audit::{Actor, AuditAction, NameList, SystemJob};
    let detail =
        AuditDetail::Listed { list: NameList::Retention, clients: clients.iter().map(|c| (*c).to_owned()).collect() };
    let actor = Actor::System(SystemJob::Retention);
    let entry = app::db::audit::NewEntry {
        action: AuditAction::NameListed,
        actor: &actor,
        client_id: None,
        detail: Some(&detail),
        ip: None,
        user_agent: None,
        at: chrono::Utc::now(),
    };
    let mut tx = app::db::begin_write(pool).await.unwrap();
    app::db::audit::append(&mut tx, &[entry]).await.unwrap();
    tx.commit().await.unwrap();
    sqlx::query_scalar("select max(id) from audit_event").fetch_one(pool).await.unwrap()
}

async fn log_of(pool: &sqlx::SqlitePool, client: &str) -> Vec<i64> {
    let mut conn = pool.acquire().await.unwrap();
    app::db::audit::for_client(&mut conn, client).await.unwrap().into_iter().map(|row| row.id).collect()
}

#[tokio::test]
async fn a_lists_names_are_filed_after_its_commit_and_her_log_shows_them_before_and_after() {
    let (_dir, pool) = ledger_alone().await;
    let first = list_shown(&pool, &["zoe", "noor"]).await;
    let second = list_shown(&pool, &["zoe"]).await;
    let filed =
        || async { sqlx::query_scalar::<_, i64>("select count(*) from audit_name_listed").fetch_one(&pool).await };
    assert_eq!(filed().await.unwrap(), 0, "the search's own commit wrote one entry, not a row per name");
    assert_eq!(log_of(&pool, "zoe").await, [second, first], "her log shows both lists at once");
    assert_eq!(log_of(&pool, "noor").await, [first]);
    assert_eq!(log_of(&pool, "daan").await, Vec::<i64>::new(), "not on a list, not in his log");

    assert_eq!(
        app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED)
            .await
            .unwrap()
            .names,
        3
    );
    assert_eq!(filed().await.unwrap(), 3);
    assert_eq!(log_of(&pool, "zoe").await, [second, first], "once filed, each list is shown once");
    assert_eq!(log_of(&pool, "noor").await, [first]);
    assert_eq!(
        app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED)
            .await
            .unwrap()
            .names,
        0,
        "nothing is filed twice"
    );

    // A third list after the filing: read from its entry until the next one.
    let third = list_shown(&pool, &["noor"]).await;
    assert_eq!(log_of(&pool, "noor").await, [third, first]);

    // The mark that says how far they are filed only moves forward, and stays.
    let back = sqlx::query("update audit_names_filed set up_to_event_id = 0").execute(&pool).await;
    assert!(back.unwrap_err().to_string().contains("only moves forward"));
    let gone = sqlx::query("delete from audit_names_filed").execute(&pool).await;
    assert!(gone.is_err());
}

#[tokio::test]
async fn the_names_of_a_list_filed_after_the_chain_was_checked_are_checked_too() {
    let (_dir, pool) = ledger_alone().await;
    let checkpoint = app::db::audit::AuditCheckpoint::default();
    let walk = || async { app::db::audit::walk_chain(&mut pool.acquire().await.unwrap(), &checkpoint).await.unwrap() };
    list_shown(&pool, &["zoe"]).await;
    app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED).await.unwrap();
    assert!(walk().await.links_intact);

    // A list not yet filed when the chain is checked; filed afterwards, then altered by someone
    // with the file. The next check still compares it with its entry.
    let unfiled = list_shown(&pool, &["noor"]).await;
    assert!(walk().await.links_intact);
    app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED).await.unwrap();
    sqlx::query("drop trigger audit_name_listed_is_append_only_update").execute(&pool).await.unwrap();
    sqlx::query("update audit_name_listed set client_id = 'daan' where event_id = ?")
        .bind(unfiled)
        .execute(&pool)
        .await
        .unwrap();
    assert!(!walk().await.links_intact, "a name swapped on a list filed after the last check");
    sqlx::query("update audit_name_listed set client_id = 'noor' where event_id = ?")
        .bind(unfiled)
        .execute(&pool)
        .await
        .unwrap();
    assert!(walk().await.links_intact);

    // A name filed for an entry past the mark, or a mark moved past entries never filed: found.
    let later = list_shown(&pool, &["zoe"]).await;
    sqlx::query("insert into audit_name_listed (client_id, event_id) values ('zoe', ?)")
        .bind(later)
        .execute(&pool)
        .await
        .unwrap();
    assert!(!walk().await.links_intact, "filed without moving the mark");
    sqlx::query("drop trigger audit_name_listed_is_append_only_delete").execute(&pool).await.unwrap();
    sqlx::query("delete from audit_name_listed where event_id = ?").bind(later).execute(&pool).await.unwrap();
    assert!(walk().await.links_intact);
    sqlx::query("update audit_names_filed set up_to_event_id = ?").bind(later).execute(&pool).await.unwrap();
    assert!(!walk().await.links_intact, "the mark moved past a list whose names were never filed");
}

#[tokio::test]
async fn the_filing_stops_when_its_time_is_up_and_goes_on_from_there_the_next_time() {
    let (_dir, pool) = ledger_alone().await;
    let mut lists = Vec::new();
    for _ in 0..30 {
        lists.push(list_shown(&pool, &["zoe", "noor"]).await);
    }
    // No time at all: one commit's share (20 entries), and the rest stays for the next time.
    let first =
        app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), std::time::Duration::ZERO)
            .await
            .unwrap();
    assert_eq!(first, app::db::audit::Filed { names: 2 * 20, caught_up: false });
    let mark: i64 = sqlx::query_scalar("select up_to_event_id from audit_names_filed").fetch_one(&pool).await.unwrap();
    assert_eq!(mark, lists[19]);
    let mut newest_first = lists.clone();
    newest_first.reverse();
    assert_eq!(log_of(&pool, "zoe").await, newest_first, "filed or not, every list is in her log");

    let rest =
        app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED).await.unwrap();
    assert_eq!(rest, app::db::audit::Filed { names: 2 * 10, caught_up: true });
    assert_eq!(log_of(&pool, "noor").await, newest_first);
}

#[tokio::test]
async fn an_entry_altered_to_name_a_client_twice_is_reported_and_the_entries_after_it_are_still_filed() {
    let (_dir, pool) = ledger_alone().await;
    let altered = list_shown(&pool, &["zoe"]).await;
    sqlx::query("drop trigger audit_event_is_append_only_update").execute(&pool).await.unwrap();
    sqlx::query("update audit_event set detail = replace(detail, '[\"zoe\"]', '[\"zoe\",\"zoe\"]') where id = ?")
        .bind(altered)
        .execute(&pool)
        .await
        .unwrap();
    let after = list_shown(&pool, &["noor"]).await;
    assert_eq!(
        app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), UNTIL_ALL_FILED)
            .await
            .unwrap()
            .names,
        2
    );
    assert_eq!(log_of(&pool, "noor").await, [after]);
    let checkpoint = app::db::audit::AuditCheckpoint::default();
    let walk = app::db::audit::walk_chain(&mut pool.acquire().await.unwrap(), &checkpoint).await.unwrap();
    assert!(!walk.links_intact);
}
