#!/usr/bin/env python3
"""Seeds a tenant with many users and measures the admin API on it (bench/admin.sh runs it).

  seed-sqlite DB_FILE TENANT N UNCONFIRMED    users straight into the SQLite file
  seed-postgres URL TENANT N UNCONFIRMED      the same through psql
  measure BASE TOKEN TENANT REPS              users-list latency per filter, then the bulk resend

Users: user000000 ... ; the first UNCONFIRMED have unconfirmed addresses, every 10th has an
active TOTP factor, every 50th is disabled, every 100th has no password and a live
registration link, every 200th is locked.
"""
import json, sqlite3, subprocess, sys, time, urllib.request

NOW = int(time.time())


def rows(tenant, n, unconfirmed):
    for i in range(n):
        uid = f"bench{i:08d}"
        name = f"user{i:06d}"
        has_password = i % 100 != 0
        yield dict(
            user=(tenant, uid, name, name, f"{name}@big.example", 0 if i < unconfirmed else 1,
                  f"User {i}", "$argon2id$v=19$m=19456,t=2,p=1$bench$bench" if has_password else None,
                  "user", 1 if i % 50 == 0 else 0, NOW, NOW),
            factor=(tenant, uid, "totp", 1, NOW, NOW) if i % 10 == 0 else None,
            link=(f"benchlink{i:08d}", tenant, uid, "register", f"{name}@big.example", NOW, NOW + 86400)
            if not has_password else None,
            lock=(f"acct:{tenant}:{name}", 10, NOW, NOW + 3600) if i % 200 == 0 else None,
        )


USERS = "INSERT INTO users (tenant_id, id, username, username_key, email, email_confirmed, name, password_hash, role, disabled, created_at, updated_at) VALUES ({})"
FACTORS = "INSERT INTO factors (tenant_id, user_id, method, active, created_at, activated_at) VALUES ({})"
LINKS = "INSERT INTO account_links (token_digest, tenant_id, user_id, purpose, email, created_at, expires_at) VALUES ({})"
LOCKS = "INSERT INTO attempt_counters (key, failures, window_start, locked_until) VALUES ({})"


def seed_sqlite(path, tenant, n, unconfirmed):
    db = sqlite3.connect(path)
    with db:
        for table, sql, k in [("users", USERS, 12), ("factors", FACTORS, 6), ("links", LINKS, 7), ("locks", LOCKS, 4)]:
            key = {"users": "user", "factors": "factor", "links": "link", "locks": "lock"}[table]
            db.executemany(sql.format(", ".join("?" * k)),
                           [r[key] for r in rows(tenant, n, unconfirmed) if r[key] is not None])
    db.execute("ANALYZE")
    db.close()


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def seed_postgres(url, tenant, n, unconfirmed):
    out = []
    for table, sql, key in [("users", USERS, "user"), ("factors", FACTORS, "factor"), ("links", LINKS, "link"), ("locks", LOCKS, "lock")]:
        head = sql.split(" VALUES ")[0]
        vals = [r[key] for r in rows(tenant, n, unconfirmed) if r[key] is not None]
        for c in range(0, len(vals), 5000):
            chunk = ",".join("(" + ",".join(literal(v) for v in t) + ")" for t in vals[c:c + 5000])
            out.append(f"{head} VALUES {chunk};")
    out.append("ANALYZE;")
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1"], input="\n".join(out).encode(), check=True)


def get(base, token, path):
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = r.read()
    return time.perf_counter() - t, json.loads(body)


def measure(base, token, tenant, reps):
    print(f"| users list ({tenant}, 50 per page) | p50 ms | p99 ms | items |")
    print("|---|---:|---:|---:|")
    api = f"/admin/api/v1/tenants/{tenant}/users"
    for label, q in [("first page", ""), ("search q=user0999", "?q=user0999"),
                     ("search by e-mail domain", "?q=big.example"),
                     ("status=unconfirmed", "?status=unconfirmed"), ("status=two_factor_on", "?status=two_factor_on"),
                     ("status=two_factor_off", "?status=two_factor_off"), ("status=invited", "?status=invited"),
                     ("status=locked", "?status=locked"), ("status=disabled", "?status=disabled"),
                     ("page 1000 (cursor)", None)]:
        if q is None:
            _, page = get(base, token, api + "?limit=50")
            for _ in range(3):
                _, page = get(base, token, api + "?limit=50&cursor=" + page["next_cursor"])
            q = "?limit=50&cursor=" + page["next_cursor"]
        times = []
        for _ in range(reps):
            dt, page = get(base, token, api + q)
            times.append(dt * 1000)
        times.sort()
        p = lambda f: times[min(len(times) - 1, int(f * len(times)))]
        print(f"| {label} | {p(0.5):.1f} | {p(0.99):.1f} | {len(page['items'])} |")
    req = urllib.request.Request(base + f"/admin/api/v1/tenants/{tenant}/confirmations", data=b"{}", method="POST",
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as r:
        sent = json.loads(r.read())["sent"]
    dt = time.perf_counter() - t
    print(f"\nResend e-mail confirmations: {sent} mails in {dt:.2f} s ({sent / dt:.0f} mails/s)")


if __name__ == "__main__":
    cmd, *a = sys.argv[1:]
    if cmd == "seed-sqlite":
        seed_sqlite(a[0], a[1], int(a[2]), int(a[3]))
    elif cmd == "seed-postgres":
        seed_postgres(a[0], a[1], int(a[2]), int(a[3]))
    else:
        measure(a[0], a[1], a[2], int(a[3]))
