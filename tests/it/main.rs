//! The end-to-end suite: one integration-test binary (every extra file would be another link
//! step), a module per feature. Tests named `*::postgres` need the PostgreSQL server; the test
//! command skips them, loudly, where none runs.

mod harness;

mod account;
mod admin;
mod bad_input;
mod cli;
mod console;
mod delivery;
mod flow;
mod guessing;
mod hardening;
mod language;
mod lifecycle;
mod mfa;
mod multinode;
mod sessions;
mod sso;
mod store;
mod tokens;
