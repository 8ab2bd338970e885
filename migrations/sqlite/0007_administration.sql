-- Administration roles (interfaces.md): user, user-admin, tenant-admin, platform-admin.
-- The earlier is_admin flag meant tenant-admin.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user'
    CHECK (role IN ('user', 'user-admin', 'tenant-admin', 'platform-admin'));
UPDATE users SET role = 'tenant-admin' WHERE is_admin <> 0;
ALTER TABLE users DROP COLUMN is_admin;

-- The admin console's use of a session: when it last answered an administrator. Console
-- sessions end after 30 minutes idle even while the sign-in session runs on.
ALTER TABLE sessions ADD COLUMN admin_seen_at BIGINT NOT NULL DEFAULT 0;
