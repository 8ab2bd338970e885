//! The `idp` binary's library half: configuration, CLI definitions, wiring and commands, so
//! the end-to-end tests can start the very same server in-process.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod memory;
