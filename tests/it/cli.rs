//! The real `idp` binary, driven as an operator would (SQLite).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn idp_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let bin = dir.join("idp");
    assert!(
        bin.exists(),
        "{} is missing: the test command builds it first (cargo build -p idp)",
        bin.display()
    );
    bin
}

pub struct Cli {
    pub dir: tempfile::TempDir,
    pub env: Vec<(String, String)>,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        }
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(idp_bin());
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("IDP_LOG__LEVEL", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?}: stdout is not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args, None);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains("panicked"), "no panic: {err}");
        err
    }
}

#[test]
fn operator_commands() {
    let cli = Cli::new();
    let m = cli.ok(&["migrate"], None);
    assert_eq!(m["backend"], "sqlite");
    assert!(
        cli.dir.path().join("data/idp.db").exists(),
        "the database is created under ./data/"
    );

    let t = cli.ok(
        &[
            "tenant",
            "create",
            "--id",
            "acme",
            "--name",
            "Acme",
            "--two-factor",
            "required",
            "--methods",
            "totp,email",
            "--email-code-ttl",
            "90s",
        ],
        None,
    );
    assert_eq!(t["id"], "acme");
    assert_eq!(t["settings"]["two_factor"], "required");
    assert_eq!(
        t["settings"]["methods"],
        serde_json::json!(["totp", "email"])
    );
    assert_eq!(t["settings"]["email_code_ttl"], "90s");
    let t = cli.ok(
        &[
            "tenant",
            "update",
            "--id",
            "acme",
            "--two-factor",
            "optional",
            "--multiple-methods",
        ],
        None,
    );
    assert_eq!(t["settings"]["two_factor"], "optional");
    assert_eq!(t["settings"]["multiple_methods"], true);
    assert_eq!(
        cli.ok(&["tenant", "show", "--id", "acme"], None)["name"],
        "Acme"
    );

    // Refusals: exit code 2 and a message that names the problem.
    assert!(cli
        .fails(&["tenant", "create", "--id", "acme", "--name", "Again"], 2)
        .contains("already exists"));
    assert!(cli
        .fails(&["tenant", "create", "--id", "Bad_ID", "--name", "x"], 2)
        .contains("company ID"));
    assert!(cli
        .fails(
            &["tenant", "update", "--id", "acme", "--email-code-ttl", "90"],
            2
        )
        .contains("duration"));
    assert!(cli
        .fails(
            &["tenant", "update", "--id", "acme", "--login-mode", "sso"],
            2
        )
        .contains("idp sso configure"));
    assert!(cli
        .fails(
            &[
                "tenant",
                "update",
                "--id",
                "acme",
                "--two-factor",
                "required",
                "--methods",
                ""
            ],
            2
        )
        .contains("method"));
    assert!(cli
        .fails(&["tenant", "show", "--id", "ghost"], 2)
        .contains("does not exist"));
    cli.fails(&["tenant", "create", "--name", "x"], 2);

    let u = cli.ok(
        &[
            "user",
            "create",
            "--tenant",
            "acme",
            "--username",
            "alice",
            "--email",
            "alice@acme.example",
            "--password-stdin",
        ],
        Some("correct horse battery staple\n"),
    );
    assert_eq!(u["username"], "alice");
    assert_eq!(u["has_password"], true);
    assert!(u.get("password_hash").is_none(), "never secrets");
    assert!(cli
        .fails(
            &[
                "user",
                "create",
                "--tenant",
                "acme",
                "--username",
                "alice",
                "--email",
                "a@acme.example"
            ],
            2
        )
        .contains("already exists"));
    assert!(cli
        .fails(
            &[
                "user",
                "create",
                "--tenant",
                "acme",
                "--username",
                "bob",
                "--email",
                "not-an-address"
            ],
            2
        )
        .contains("e-mail"));

    let c = cli.ok(
        &[
            "client",
            "create",
            "--id",
            "shop",
            "--name",
            "Shop",
            "--redirect-uri",
            "https://shop.example/cb",
            "--grant",
            "authorization_code,refresh_token,client_credentials",
            "--tenant",
            "acme",
        ],
        None,
    );
    assert_eq!(c["client_id"], "shop");
    assert_eq!(c["client_secret"].as_str().unwrap().len(), 43);
    let p = cli.ok(
        &[
            "client",
            "create",
            "--id",
            "spa",
            "--name",
            "SPA",
            "--redirect-uri",
            "http://127.0.0.1:5173/cb",
            "--public",
        ],
        None,
    );
    assert!(p.get("client_secret").is_none());
    assert!(cli
        .fails(
            &[
                "client",
                "create",
                "--id",
                "x",
                "--name",
                "X",
                "--redirect-uri",
                "http://shop.example/cb"
            ],
            2
        )
        .contains("https"));
    assert!(cli
        .fails(
            &[
                "client",
                "create",
                "--id",
                "y",
                "--name",
                "Y",
                "--redirect-uri",
                "https://a.example/cb",
                "--grant",
                "implicit"
            ],
            2
        )
        .contains("implicit"));

    let k = cli.ok(&["keys", "rotate", "--alg", "RS256"], None);
    assert_eq!(k["alg"], "RS256");
    assert!(cli
        .fails(&["keys", "rotate", "--alg", "HS256"], 2)
        .contains("HS256"));

    let r = cli.ok(
        &["user", "reset", "--tenant", "acme", "--username", "alice"],
        None,
    );
    assert_eq!(r["password_cleared"], true);
}

#[test]
fn configuration_errors_name_the_key() {
    let cli = Cli::new();
    std::fs::create_dir_all(cli.dir.path().join("config")).unwrap();
    std::fs::write(
        cli.dir.path().join("config/idp.toml"),
        "[server]\nbnid = \"127.0.0.1:1\"\n",
    )
    .unwrap();
    let err = cli.fails(&["migrate"], 2);
    assert!(err.contains("bnid"), "{err}");
    std::fs::write(
        cli.dir.path().join("config/idp.toml"),
        "[tokens]\nid_token_ttl = \"forever\"\n",
    )
    .unwrap();
    let err = cli.fails(&["migrate"], 2);
    assert!(
        err.contains("id_token_ttl") && err.contains("duration"),
        "{err}"
    );
    std::fs::remove_file(cli.dir.path().join("config/idp.toml")).unwrap();
    let mut cli2 = Cli::new();
    cli2.env
        .push(("IDP_SERVER__BIND".into(), "0.0.0.0:8080".into()));
    assert!(cli2.fails(&["migrate"], 2).contains("server.issuer"));
    cli2.env = vec![("IDP_DATABASE__URL".into(), "mysql://x".into())];
    assert!(cli2.fails(&["migrate"], 2).contains("database.url"));
    cli2.env = vec![("IDP_CRYPTO__MASTER_KEY".into(), "short".into())];
    assert!(cli2.fails(&["migrate"], 2).contains("crypto.master_key"));
    assert!(cli
        .fails(&["--config", "/nonexistent.toml", "migrate"], 2)
        .contains("does not exist"));
}
