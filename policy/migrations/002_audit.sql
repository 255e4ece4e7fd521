-- Audit: one row per recorded decision. Each writer keeps its own hash chain (chain_id); every row
-- stores the hash of the previous row of its chain, so an edited, removed or inserted row breaks a link.
create table audit_log (
  chain_id        uuid        not null,
  seq             bigint      not null,
  prev_hash       text        not null,
  hash            text        not null,
  ts              timestamptz not null,
  request_id      text        not null,
  decision_id     text        not null,
  direction       text        not null,
  route           text,
  tenant          text,
  consumer        text,
  transport       text        not null,
  action          text        not null,
  intended_action text        not null,
  dry_run         boolean     not null,
  categories      text[]      not null,
  risk            double precision not null,
  policy_id       text        not null,
  policy_version  integer     not null,
  latency_us      integer     not null,
  incomplete      text[]      not null,
  excerpt         text        not null,
  primary key (chain_id, seq)
);
create index audit_log_ts on audit_log (ts desc, chain_id desc, seq desc);
create index audit_log_request on audit_log (request_id);
create index audit_log_categories on audit_log using gin (categories);

-- The head of each chain, moved in the same transaction as its rows: removing the newest rows of a
-- chain is found too.
create table audit_chains (
  chain_id   uuid        primary key,
  started_at timestamptz not null default now(),
  last_seq   bigint      not null,
  last_hash  text        not null,
  updated_at timestamptz not null default now()
);
