-- Policies: every write is a new immutable version; `policies` points at the active one.
create table policy_versions (
  policy_id   text        not null,
  version     integer     not null check (version >= 1),
  document    jsonb       not null,
  created_at  timestamptz not null default now(),
  created_by  text        not null,
  comment     text,
  primary key (policy_id, version)
);

-- Versions are immutable: history cannot be rewritten through the API or by accident in SQL.
create function aegis_policy_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'policy versions are immutable (% %)', tg_op, old.policy_id;
end $$;
create trigger policy_versions_immutable before update or delete on policy_versions
  for each row execute function aegis_policy_versions_immutable();

create table policies (
  policy_id      text        primary key,
  -- Scope of the active version (null, null = the default policy); copied for the uniqueness index.
  scope_tenant   text,
  scope_route    text,
  active_version integer,
  updated_at     timestamptz not null default now(),
  updated_by     text        not null,
  foreign key (policy_id, active_version) references policy_versions (policy_id, version)
);
-- At most one active policy per scope.
create unique index policies_active_scope on policies (coalesce(scope_tenant, '*'), coalesce(scope_route, '*'))
  where active_version is not null;

-- Who changed what, when: every create, update, activate, rollback, delete and import.
create table policy_changes (
  id            bigserial   primary key,
  at            timestamptz not null default now(),
  actor         text        not null,
  action        text        not null,
  policy_id     text        not null,
  from_version  integer,
  to_version    integer,
  comment       text
);
create index policy_changes_policy on policy_changes (policy_id, id);

-- A counter bumped on every change of the active set; Core instances compare it on their periodic
-- re-check, and the trigger tells listeners at once.
create table policy_state (
  singleton  boolean primary key default true check (singleton),
  generation bigint  not null default 0
);
insert into policy_state default values;

create function aegis_policies_changed() returns trigger language plpgsql as $$
begin
  update policy_state set generation = generation + 1;
  -- One channel per database; the payload names the schema so instances of other schemas ignore it.
  perform pg_notify('aegis_policy_changed', current_schema());
  return null;
end $$;
create trigger policies_changed after insert or update or delete on policies
  for each statement execute function aegis_policies_changed();
