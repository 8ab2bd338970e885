//! Embedded migrations, one list per backend with the same version numbers, applied with
//! sqlx's migrator (its bookkeeping table, checksums and locking).

use crate::{Backend, Result, Store};
use serde::Serialize;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

type Source = (i64, &'static str, &'static str);

const SQLITE: &[Source] = &[
    (
        1,
        "core",
        include_str!("../../../migrations/sqlite/0001_core.sql"),
    ),
    (
        2,
        "guessing and audit",
        include_str!("../../../migrations/sqlite/0002_guessing_and_audit.sql"),
    ),
    (
        3,
        "factors and links",
        include_str!("../../../migrations/sqlite/0003_factors_and_links.sql"),
    ),
    (
        4,
        "reservations and leases",
        include_str!("../../../migrations/sqlite/0004_reservations_and_leases.sql"),
    ),
    (
        5,
        "sealed interactions and grant codes",
        include_str!("../../../migrations/sqlite/0005_sealed_interactions_and_grant_codes.sql"),
    ),
    (
        6,
        "sso connections",
        include_str!("../../../migrations/sqlite/0006_sso_connections.sql"),
    ),
    (
        7,
        "administration",
        include_str!("../../../migrations/sqlite/0007_administration.sql"),
    ),
    (
        8,
        "branding",
        include_str!("../../../migrations/sqlite/0008_branding.sql"),
    ),
    (
        9,
        "languages",
        include_str!("../../../migrations/sqlite/0009_languages.sql"),
    ),
    (
        10,
        "refresh tokens on grants",
        include_str!("../../../migrations/sqlite/0010_refresh_tokens_on_grants.sql"),
    ),
];
const POSTGRES: &[Source] = &[
    (
        1,
        "core",
        include_str!("../../../migrations/postgres/0001_core.sql"),
    ),
    (
        2,
        "guessing and audit",
        include_str!("../../../migrations/postgres/0002_guessing_and_audit.sql"),
    ),
    (
        3,
        "factors and links",
        include_str!("../../../migrations/postgres/0003_factors_and_links.sql"),
    ),
    (
        4,
        "reservations and leases",
        include_str!("../../../migrations/postgres/0004_reservations_and_leases.sql"),
    ),
    (
        5,
        "sealed interactions and grant codes",
        include_str!("../../../migrations/postgres/0005_sealed_interactions_and_grant_codes.sql"),
    ),
    (
        6,
        "sso connections",
        include_str!("../../../migrations/postgres/0006_sso_connections.sql"),
    ),
    (
        7,
        "administration",
        include_str!("../../../migrations/postgres/0007_administration.sql"),
    ),
    (
        8,
        "branding",
        include_str!("../../../migrations/postgres/0008_branding.sql"),
    ),
    (
        9,
        "languages",
        include_str!("../../../migrations/postgres/0009_languages.sql"),
    ),
    (
        10,
        "refresh tokens on grants",
        include_str!("../../../migrations/postgres/0010_refresh_tokens_on_grants.sql"),
    ),
];

#[derive(Debug, Clone, Serialize)]
pub struct MigrationSummary {
    pub backend: &'static str,
    pub applied: Vec<i64>,
    pub latest: i64,
}

fn migrator(backend: Backend) -> Migrator {
    let list = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    let migrations: Vec<Migration> = list
        .iter()
        .map(|(v, d, sql)| {
            Migration::new(
                *v,
                Cow::Borrowed(d),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                false,
            )
        })
        .collect();
    Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    }
}

impl Store {
    /// Applies pending migrations; safe to call from several nodes at once (the migrator
    /// takes an advisory lock on PostgreSQL).
    pub async fn migrate(&self) -> Result<MigrationSummary> {
        use sqlx::Row;
        let m = migrator(self.backend);
        let before: Vec<i64> = match sqlx::query("SELECT version FROM _sqlx_migrations")
            .fetch_all(&self.pool)
            .await
        {
            Ok(rows) => rows
                .iter()
                .map(|r| r.try_get::<i64, _>(0))
                .collect::<std::result::Result<_, _>>()?,
            Err(_) => Vec::new(), // no bookkeeping table yet: a fresh database
        };
        m.run(&self.pool).await?;
        let applied = m
            .iter()
            .map(|mig| mig.version)
            .filter(|v| !before.contains(v))
            .collect();
        Ok(MigrationSummary {
            backend: match self.backend {
                Backend::Sqlite => "sqlite",
                Backend::Postgres => "postgres",
            },
            applied,
            latest: m.iter().map(|mig| mig.version).max().unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let s: Vec<_> = SQLITE.iter().map(|(v, d, _)| (*v, *d)).collect();
        let p: Vec<_> = POSTGRES.iter().map(|(v, d, _)| (*v, *d)).collect();
        assert_eq!(s, p);
    }

    #[test]
    fn migration_folders_match_the_embedded_lists() {
        for (dir, list) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let path = format!("{}/../../migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
            let mut files: Vec<String> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            assert_eq!(
                files.len(),
                list.len(),
                "{dir}: every file in {path} must be embedded"
            );
        }
    }
}
