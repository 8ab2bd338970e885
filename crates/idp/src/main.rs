//! `idp`: the identity provider's one binary (see `idp --help`).

use clap::Parser;
use idp::cli::{Cli, Command};
use idp::commands::{self, CliError};
use idp::config::{self, Config};
use idp::{app, demo};
use std::process::ExitCode;

fn init_tracing(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("idp: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(&config);
    let workers = config.server.workers.unwrap_or_else(app::cores);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("idp: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(run(cli.command, config));
    match result {
        Ok(Some(v)) => {
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(CliError::Input(m)) => {
            eprintln!("idp: {m}");
            ExitCode::from(2)
        }
        Err(CliError::Other(e)) => {
            eprintln!("idp: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(cmd: Command, config: Config) -> Result<Option<serde_json::Value>, CliError> {
    match cmd {
        Command::Serve(args) => serve(config, args.demo).await.map(|_| None),
        Command::Migrate => commands::migrate(&config).await.map(Some),
        Command::Tenant(c) => commands::tenant(&config, c).await.map(Some),
        Command::User(c) => commands::user(&config, c).await.map(Some),
        Command::Client(c) => commands::client(&config, c).await.map(Some),
        Command::Keys(c) => commands::keys(&config, c).await.map(Some),
        Command::Sso(c) => commands::sso(&config, c).await.map(Some),
    }
}

async fn serve(mut config: Config, demo: bool) -> Result<(), CliError> {
    config.demo = demo;
    let state = app::build_state(&config, app::system_clock()).await?;
    if demo {
        if let Some(text) = demo::seed(&config, &state).await? {
            eprintln!("{text}");
        }
    }
    let listener = tokio::net::TcpListener::bind(&config.server.bind)
        .await
        .map_err(|e| {
            CliError::Other(anyhow::anyhow!(
                "cannot listen on {}: {e}",
                config.server.bind
            ))
        })?;
    tracing::info!(bind = %config.server.bind, issuer = %config.issuer(), "serving");
    app::serve(listener, state, app::shutdown_signal()).await?;
    Ok(())
}
