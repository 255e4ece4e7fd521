-- Admin API keys. Only a SHA-256 of the secret part is stored; the key is shown once when created.
create table api_keys (
  key_id      text        primary key,
  secret_hash text        not null,
  role        text        not null check (role in ('viewer', 'editor', 'admin')),
  name        text        not null,
  created_at  timestamptz not null default now(),
  created_by  text        not null,
  revoked_at  timestamptz,
  last_used_at timestamptz
);
