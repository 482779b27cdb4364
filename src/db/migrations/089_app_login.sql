-- The login of the server's request pool. Requests ran on a connection of the schema owner (a
-- superuser on the embedded server) that switched to remodel_app: one SQL injection could
-- `SET ROLE postgres` or `RESET ROLE` and read every clinic. The pool now logs in as a role of its
-- own that can do nothing but become remodel_app (NOINHERIT, member of remodel_app only), so
-- row-level security holds even against injected SQL. Migrations, seeding, jobs and backups keep
-- the owner's connection.
--
-- Roles are cluster-wide and several Remodel databases may share a cluster: each database keeps
-- the name and password of its own login here, made at the first start by src/db/app-login.ts.
-- Only the owner reads this table.
create table app_login (
  singleton boolean primary key default true check (singleton),
  role_name text not null check (role_name ~ '^remodel_app_[0-9a-f]{12}$'),
  password text not null check (password ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
revoke all on app_login from public;
revoke all on app_login from remodel_app;
