//! The store suite, written once and run against both backends: single use under
//! concurrency, replay detection, expiry, sessions, keys, conflicts and cache visibility.

use crate::both;
use crate::harness::*;
use idp_domain::{Tenant, TenantId, TenantSettings, UserId};
use idp_store::{Consumed, KeyRow, NewGrant, RefreshIssue, RefreshRef, Store, StoreOptions};
use std::time::Duration;

async fn open(db: &TestDb, ttl_ms: u64) -> Store {
    let s = Store::connect(
        &db.url,
        &StoreOptions {
            max_connections: 8,
            cache_ttl: Duration::from_millis(ttl_ms),
        },
    )
    .await
    .unwrap();
    s.migrate().await.unwrap();
    s
}

/// Tenant `acme` with the enabled user `u1`.
async fn with_user(store: &Store) -> TenantId {
    let t = TenantId::parse("acme").unwrap();
    let tenant = Tenant {
        id: t.clone(),
        name: "Acme".into(),
        settings: TenantSettings::default(),
        created_at: 1,
        updated_at: 1,
    };
    store.create_tenant(&tenant).await.unwrap();
    let user = idp_domain::User {
        tenant: t.clone(),
        id: UserId::from_stored("u1".into()),
        username: "u1".into(),
        email: "u1@example.com".into(),
        email_confirmed: true,
        name: None,
        password_hash: None,
        role: Default::default(),
        disabled: false,
        created_at: 1,
        updated_at: 1,
        locale: None,
    };
    store.create_user(&user).await.unwrap();
    t
}

/// Grant `id` of `u1` with the code `digest`, live until `code_expires_at`.
async fn grant(store: &Store, t: &TenantId, id: &str, digest: &str, code_expires_at: i64) {
    store
        .create_grant_with_code(&NewGrant {
            id,
            tenant: t,
            client_id: "shop",
            user_id: "u1",
            code_digest: digest,
            code_data: "{}",
            grant_data: "{\"a\":1}",
            created_at: 100,
            code_expires_at,
            expires_at: 10_000,
        })
        .await
        .unwrap();
}

async fn single_use(db: Db) {
    let db = TestDb::new(db).await;
    let store = open(&db, 5000).await;
    let t = with_user(&store).await;
    grant(&store, &t, "g1", "digest-1", 1000).await;
    // Sixteen concurrent redemptions: exactly one wins, the others see a replay.
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            s.consume_code("digest-1", 500, None).await.unwrap()
        }));
    }
    let mut fresh = 0;
    for t in tasks {
        match t.await.unwrap() {
            Consumed::Fresh { grant_id, .. } => {
                assert_eq!(grant_id, "g1");
                fresh += 1
            }
            Consumed::Replayed { grant_id } => assert_eq!(grant_id, "g1"),
            other => panic!("a used code is a replay, not {other:?}"),
        }
    }
    assert_eq!(fresh, 1, "exactly one redemption succeeds");
    assert!(
        !store.grant_active("g1", 500).await.unwrap(),
        "a replay revokes the grant"
    );

    // A grant completes once: a second one of the same ID writes nothing.
    let again = store
        .create_grant_with_code(&NewGrant {
            id: "g1",
            tenant: &t,
            client_id: "shop",
            user_id: "u1",
            code_digest: "digest-other",
            code_data: "{}",
            grant_data: "{\"a\":1}",
            created_at: 100,
            code_expires_at: 1000,
            expires_at: 10_000,
        })
        .await;
    assert!(matches!(again, Err(idp_store::StoreError::Conflict { .. })));
    assert_eq!(
        store.consume_code("digest-other", 500, None).await.unwrap(),
        Consumed::Invalid
    );

    // Expired and unknown codes.
    grant(&store, &t, "g2", "digest-2", 1000).await;
    assert_eq!(
        store.consume_code("digest-2", 1000, None).await.unwrap(),
        Consumed::Invalid,
        "expired at its expiry second"
    );
    assert_eq!(
        store.consume_code("nope", 10, None).await.unwrap(),
        Consumed::Invalid
    );
    assert!(
        store.grant_active("g2", 500).await.unwrap(),
        "an expired code does not revoke"
    );

    // A disabled user's code gives nothing, and disabling revoked it for good.
    grant(&store, &t, "g4", "digest-4", 1000).await;
    let u1 = UserId::from_stored("u1".into());
    store.set_disabled(&t, &u1, true, 200).await.unwrap();
    let fresh = |c: &Consumed| matches!(c, Consumed::Fresh { .. });
    assert!(!fresh(
        &store.consume_code("digest-4", 500, None).await.unwrap()
    ));
    store.set_disabled(&t, &u1, false, 200).await.unwrap();
    assert!(!fresh(
        &store.consume_code("digest-4", 500, None).await.unwrap()
    ));

    // Refresh tokens: the code's redemption gives the grant its first one; one exchange
    // each, and none once the grant is revoked.
    grant(&store, &t, "g3", "digest-3", 1000).await;
    let issue = |digest, issued_at| RefreshIssue {
        digest,
        issued_at,
        expires_at: 5000,
    };
    let named = |digest| RefreshRef {
        grant: Some("g3"),
        digest,
    };
    assert!(matches!(
        store
            .consume_code("digest-3", 100, Some(&issue("rt-1", 100)))
            .await
            .unwrap(),
        Consumed::Fresh { .. }
    ));
    assert!(store
        .refresh_token(named("rt-1"), 200)
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        store
            .rotate_refresh_token(named("rt-1"), "other", &issue("rt-2", 200))
            .await
            .unwrap(),
        Consumed::OtherClient,
        "another client's token is refused"
    );
    assert_eq!(
        store
            .rotate_refresh_token(named("rt-1"), "shop", &issue("rt-2", 200))
            .await
            .unwrap(),
        Consumed::Fresh {
            grant_id: "g3".into(),
            data: "{\"a\":1}".into()
        }
    );
    assert!(store
        .refresh_token(named("rt-1"), 200)
        .await
        .unwrap()
        .is_none());
    let bare = RefreshRef {
        grant: None,
        digest: "rt-2",
    };
    assert!(
        store.refresh_token(bare, 200).await.unwrap().is_none(),
        "the secret cut out of a token that names its grant finds nothing alone"
    );
    // A rotation whose request is refused afterwards is undone: the presented token is the
    // grant's again, and presenting it once more is no reuse.
    assert!(matches!(
        store
            .rotate_refresh_token(named("rt-2"), "shop", &issue("rt-unsent", 250))
            .await
            .unwrap(),
        Consumed::Fresh { .. }
    ));
    store
        .restore_refresh_token("g3", named("rt-2"), "rt-unsent")
        .await
        .unwrap();
    assert!(store
        .refresh_token(named("rt-2"), 260)
        .await
        .unwrap()
        .is_some());
    assert!(store
        .refresh_token(named("rt-unsent"), 260)
        .await
        .unwrap()
        .is_none());
    assert!(matches!(
        store
            .rotate_refresh_token(named("rt-1"), "shop", &issue("rt-3", 300))
            .await
            .unwrap(),
        Consumed::Replayed { .. }
    ));
    assert_eq!(
        store
            .rotate_refresh_token(named("rt-2"), "shop", &issue("rt-3", 300))
            .await
            .unwrap(),
        Consumed::Invalid,
        "the family is revoked"
    );

    // A refresh token ends with its grant (10,000 here), however late it was issued.
    grant(&store, &t, "g5", "digest-5", 1000).await;
    let late = RefreshIssue {
        digest: "rt-5",
        issued_at: 900,
        expires_at: 50_000,
    };
    let named5 = |digest| RefreshRef {
        grant: Some("g5"),
        digest,
    };
    store
        .consume_code("digest-5", 900, Some(&late))
        .await
        .unwrap();
    let found = store.refresh_token(named5("rt-5"), 9_999).await.unwrap();
    assert_eq!(
        found.map(|f| f.expires_at),
        Some(10_000),
        "capped at the grant's end"
    );
    assert!(store
        .refresh_token(named5("rt-5"), 10_000)
        .await
        .unwrap()
        .is_none());
    let after = RefreshIssue {
        digest: "rt-6",
        issued_at: 10_001,
        expires_at: 60_000,
    };
    assert_eq!(
        store
            .rotate_refresh_token(named5("rt-5"), "shop", &after)
            .await
            .unwrap(),
        Consumed::Invalid,
        "no refresh past the grant's end"
    );

    // Revoked access-token IDs, and purging.
    store.revoke_jti("jti-1", 50).await.unwrap();
    store.revoke_jti("jti-1", 50).await.unwrap();
    assert!(store.jti_revoked("jti-1").await.unwrap());
    assert!(store.purge_expired(100_000).await.unwrap() > 0);
    assert!(!store.jti_revoked("jti-1").await.unwrap());
}
both!(single_use_values, single_use);

async fn sessions(db: Db) {
    let db = TestDb::new(db).await;
    let store = open(&db, 5000).await;
    let t = TenantId::parse("acme").unwrap();
    let s = idp_store::SessionRow {
        id_digest: "sd".into(),
        sid: "sid-1".into(),
        tenant: t.clone(),
        user: idp_domain::UserId::from_stored("u1".into()),
        auth_time: 100,
        amr: vec!["pwd".into()],
        acr: "a".into(),
        created_at: 100,
        expires_at: 1000,
    };
    store.create_session(&s).await.unwrap();
    assert_eq!(store.session("sd", 500).await.unwrap(), Some(s.clone()));
    assert!(store.session("sd", 1000).await.unwrap().is_none());
    assert_eq!(store.delete_user_sessions(&t, &s.user).await.unwrap(), 1);
    assert!(store.delete_session("sd").await.unwrap().is_none());
}
both!(sessions_expire_and_end, sessions);

async fn tenants_keys_and_caches(db: Db) {
    let db = TestDb::new(db).await;
    let a = open(&db, 300).await;
    let b = open(&db, 300).await; // a second node
    let id = TenantId::parse("acme").unwrap();
    let mut t = Tenant {
        id: id.clone(),
        name: "Acme".into(),
        settings: TenantSettings::default(),
        created_at: 1,
        updated_at: 1,
    };
    a.create_tenant(&t).await.unwrap();
    assert!(matches!(
        a.create_tenant(&t).await,
        Err(idp_store::StoreError::Conflict { .. })
    ));
    assert_eq!(b.tenant(&id).await.unwrap().unwrap().name, "Acme");
    t.name = "Acme Corp".into();
    a.update_tenant(&t).await.unwrap();
    assert_eq!(
        a.tenant(&id).await.unwrap().unwrap().name,
        "Acme Corp",
        "the writer sees its change at once"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        b.tenant(&id).await.unwrap().unwrap().name,
        "Acme Corp",
        "another node sees it within the cache TTL"
    );

    let row = |kid: &str, at: i64| KeyRow {
        kid: kid.into(),
        alg: "ES256".into(),
        private_enc: vec![1, 2, 3],
        public_jwk: "{}".into(),
        created_at: at,
        retired_at: None,
    };
    assert!(a.add_key_if_missing(&row("k1", 10)).await.unwrap());
    assert!(
        !a.add_key_if_missing(&row("k0", 11)).await.unwrap(),
        "only when missing"
    );
    a.rotate_key(&row("k2", 20), 20).await.unwrap();
    let keys = a.published_keys(0).await.unwrap();
    assert_eq!(
        keys.iter()
            .map(|k| (k.kid.as_str(), k.retired_at))
            .collect::<Vec<_>>(),
        vec![("k2", None), ("k1", Some(20))]
    );
    a.invalidate_caches();
    assert_eq!(
        a.published_keys(25).await.unwrap().len(),
        1,
        "a key retired before the cut-off is no longer published"
    );
    assert_eq!(keys[1].private_enc, vec![1, 2, 3]);

    // Several nodes generating the first key of an algorithm at once: exactly one wins.
    let mut tasks = Vec::new();
    for i in 0..8 {
        let s = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            let mut k = row(&format!("race-{i}"), 30);
            k.alg = "EdDSA".into();
            s.add_key_if_missing(&k).await.unwrap()
        }));
    }
    let mut winners = 0;
    for t in tasks {
        winners += t.await.unwrap() as usize;
    }
    assert_eq!(winners, 1);
    b.invalidate_caches();
    assert_eq!(
        b.published_keys(0)
            .await
            .unwrap()
            .iter()
            .filter(|k| k.alg == "EdDSA" && k.retired_at.is_none())
            .count(),
        1
    );
}
both!(tenants_keys_and_caches, tenants_keys_and_caches);

/// Review: an enrollment restarted in another window replaces the pending secret; a code
/// checked against the old one must not turn the new one on.
async fn checked_activation(db: Db) {
    let db = TestDb::new(db).await;
    let store = open(&db, 5000).await;
    let t = with_user(&store).await;
    let u1 = UserId::from_stored("u1".into());
    let pending = |secret: &str| idp_store::FactorRow {
        method: idp_domain::Method::Totp,
        active: false,
        secret_sealed: Some(secret.into()),
        phone: None,
        last_step: 0,
        created_at: 100,
        activated_at: None,
    };
    assert!(store
        .begin_factor(&t, &u1, &pending("first"))
        .await
        .unwrap());
    let seen = store.factors(&t, &u1).await.unwrap().remove(0);
    assert!(store
        .begin_factor(&t, &u1, &pending("second"))
        .await
        .unwrap());
    assert!(
        !store
            .activate_checked_factor(&t, &u1, &seen, 1, 200)
            .await
            .unwrap(),
        "the secret checked is no longer the pending one"
    );
    let now_pending = store.factors(&t, &u1).await.unwrap().remove(0);
    assert!(store
        .activate_checked_factor(&t, &u1, &now_pending, 1, 200)
        .await
        .unwrap());
    assert!(store.factors(&t, &u1).await.unwrap()[0].active);
}
both!(
    only_the_checked_pending_factor_goes_live,
    checked_activation
);

/// Migration 10 moves refresh tokens onto their grants: a live token issued before the
/// upgrade (a bare secret, found by digest) still refreshes, and a code issued before it
/// still gives its grant a refresh token, without the code's single-use values.
async fn refresh_tokens_survive_the_upgrade(db: Db) {
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    let db = TestDb::new(db).await;
    let store = Store::connect(
        &db.url,
        &StoreOptions {
            max_connections: 2,
            cache_ttl: Duration::from_millis(10),
        },
    )
    .await
    .unwrap();
    let dir = format!(
        "{}/migrations/{}",
        env!("CARGO_MANIFEST_DIR"),
        if db.url.starts_with("sqlite") {
            "sqlite"
        } else {
            "postgres"
        }
    );
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let before: Vec<Migration> = files
        .iter()
        .take(9)
        .enumerate()
        .map(|(i, path)| {
            let sql = std::fs::read_to_string(path).unwrap();
            Migration::new(
                i as i64 + 1,
                "".into(),
                MigrationType::Simple,
                sql.into(),
                false,
            )
        })
        .collect();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    Migrator {
        migrations: before.into(),
        ..Migrator::DEFAULT
    }
    .run(&pool)
    .await
    .unwrap();
    with_user(&store).await;
    let data = r#"{"client_id":"shop","tenant":"acme","user_id":"u1","scope":"openid","auth_time":1,"amr":["pwd"],"acr":"a","sid":"s"}"#;
    let code_data = r#"{"client_id":"shop","tenant":"acme","user_id":"u1","scope":"openid","auth_time":1,"amr":["pwd"],"acr":"a","sid":"s","nonce":"n-1","redirect_uri":"https://shop/cb","code_challenge":"c"}"#;
    // A nonce may carry a NUL, which PostgreSQL's jsonb refuses: it must not stop the upgrade.
    let nul_nonce = code_data.replace("n-1", "\\u0000");
    let pg = !db.url.starts_with("sqlite");
    for sql in [
        "INSERT INTO grants (id, tenant_id, client_id, user_id, revoked, created_at, expires_at, code_digest, code_data, code_used, code_expires_at) \
         VALUES ('g1', 'acme', 'shop', 'u1', 0, 100, 10000, 'c-1', NULL, 1, 160)",
        "INSERT INTO grants (id, tenant_id, client_id, user_id, revoked, created_at, expires_at, code_digest, code_data, code_used, code_expires_at) \
         VALUES ('g2', 'acme', 'shop', 'u1', 0, 100, 10000, 'c-2', $1, 0, 1000)",
        "INSERT INTO grants (id, tenant_id, client_id, user_id, revoked, created_at, expires_at, code_digest, code_data, code_used, code_expires_at) \
         VALUES ('g3', 'acme', 'shop', 'u1', 0, 100, 10000, 'c-3', $1, 0, 1000)",
        "INSERT INTO refresh_tokens (token_digest, grant_id, data, used, created_at, expires_at) \
         VALUES ('rt-spent', 'g1', $1, 1, 100, 5000), ('rt-live', 'g1', $1, 0, 150, 5000)",
    ] {
        let mut q = sqlx::query(sql);
        if sql.contains("$1") {
            q = q.bind(if sql.contains("'g2'") {
                code_data
            } else if sql.contains("'g3'") {
                nul_nonce.as_str()
            } else {
                data
            });
        }
        q.execute(&pool).await.unwrap();
    }
    pool.close().await;
    store.migrate().await.unwrap();

    let bare = |digest| RefreshRef {
        grant: None,
        digest,
    };
    let next = |digest| RefreshIssue {
        digest,
        issued_at: 200,
        expires_at: 5000,
    };
    assert_eq!(
        store
            .rotate_refresh_token(bare("rt-live"), "shop", &next("rt-new"))
            .await
            .unwrap(),
        Consumed::Fresh {
            grant_id: "g1".into(),
            data: data.into()
        },
        "the live token carried over refreshes once"
    );
    assert_eq!(
        store
            .rotate_refresh_token(bare("rt-spent"), "shop", &next("rt-x"))
            .await
            .unwrap(),
        Consumed::Invalid
    );
    let named = RefreshRef {
        grant: Some("g1"),
        digest: "rt-new",
    };
    assert!(store.refresh_token(named, 300).await.unwrap().is_some());
    assert!(
        store
            .refresh_token(bare("rt-new"), 300)
            .await
            .unwrap()
            .is_none(),
        "once rotated, the grant's token names it"
    );
    // The code with the NUL nonce: dropped on PostgreSQL, carried over on SQLite.
    let nul = store
        .consume_code("c-3", 200, Some(&next("rt-nul")))
        .await
        .unwrap();
    assert_eq!(matches!(nul, Consumed::Fresh { .. }), !pg, "{nul:?}");

    assert!(matches!(
        store
            .consume_code("c-2", 200, Some(&next("rt-2")))
            .await
            .unwrap(),
        Consumed::Fresh { .. }
    ));
    let named = RefreshRef {
        grant: Some("g2"),
        digest: "rt-2",
    };
    let Consumed::Fresh { data: kept, .. } = store
        .rotate_refresh_token(named, "shop", &next("rt-3"))
        .await
        .unwrap()
    else {
        panic!("the code issued before the upgrade gives a refresh token");
    };
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept["sid"], "s");
    for gone in ["nonce", "redirect_uri", "code_challenge"] {
        assert!(kept.get(gone).is_none(), "{gone} is not kept: {kept}");
    }
}
both!(
    refresh_tokens_survive_the_upgrade_to_tokens_on_grants,
    refresh_tokens_survive_the_upgrade
);
