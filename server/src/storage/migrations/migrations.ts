/**
 * Schema migrations for both engines, written once with Kysely's schema builder and applied in
 * order at start-up (Kysely's Migrator records them in `kysely_migration`). Where the engines
 * differ — auto-numbered keys, binary and 64-bit columns, case-insensitive e-mail — `types(engine)`
 * names the column type. Never edit a released migration: add a new one.
 *
 * SQLite databases created before this layer carry their own numbered migrations
 * (`sqlite/legacyMigrations.ts`, SQLite's user_version): they are brought to that schema's last
 * version first, and 0001 then finds its tables present (every statement is "if not exists").
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

function types(engine: Engine) {
  const pg = engine === 'postgres';
  return {
    /** Auto-numbered primary key: SQLite's rowid alias, PostgreSQL's bigserial. */
    serial: pg ? sql`bigserial` : sql`integer`,
    /** Milliseconds since the epoch, Yjs clientIDs (unsigned 32-bit), counts that may grow. */
    bigint: pg ? sql`bigint` : sql`integer`,
    bytes: pg ? sql`bytea` : sql`blob`,
  };
}

// Kysely<any>: a migration runs against the schema as it was when the migration was written,
// not against today's `Schema` type.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDb = Kysely<any>;

function schema(engine: Engine): Migration {
  const t = types(engine);
  return {
    async up(db: AnyDb) {
      const s = db.schema;
      const serialKey = (name: string) => serialKeyOf(engine, t, name);

      await s
        .createTable('document_updates')
        .ifNotExists()
        .addColumn(...serialKey('seq'))
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('data', t.bytes, (c) => c.notNull())
        .execute();
      await s
        .createIndex('document_updates_by_document')
        .ifNotExists()
        .on('document_updates')
        .columns(['document', 'seq'])
        .execute();
      await s
        .createTable('document_snapshots')
        .ifNotExists()
        .addColumn('document', 'text', (c) => c.primaryKey())
        .addColumn('data', t.bytes, (c) => c.notNull())
        .addColumn('through_seq', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();

      await s
        .createTable('users')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) =>
          engine === 'sqlite' ? c.notNull().unique().modifyEnd(sql`collate nocase`) : c.notNull(),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      if (engine === 'postgres') {
        await sql`create unique index if not exists users_email_unique on users (lower(email))`.execute(db);
      }
      await s
        .createTable('sessions')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('expires_at', t.bigint, (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await s.createIndex('sessions_by_user').ifNotExists().on('sessions').column('user_id').execute();
      await s
        .createTable('api_tokens')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('last_used_at', t.bigint)
        .addColumn('revoked_at', t.bigint)
        .execute();
      await s.createIndex('api_tokens_by_user').ifNotExists().on('api_tokens').column('user_id').execute();
      await s
        .createTable('workspaces')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await s
        .createTable('workspace_members')
        .ifNotExists()
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'admin', 'member')`))
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('workspace_members_pkey', ['workspace_id', 'user_id'])
        .execute();
      await s
        .createIndex('workspace_members_by_user')
        .ifNotExists()
        .on('workspace_members')
        .column('user_id')
        .execute();
      await s
        .createTable('customers')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await s.createIndex('customers_by_workspace').ifNotExists().on('customers').column('workspace_id').execute();
      await s
        .createTable('projects')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('customer_id', 'text', (c) => c.references('customers.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await s.createIndex('projects_by_workspace').ifNotExists().on('projects').column('workspace_id').execute();
      await s
        .createTable('project_members')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('member', 'collaborator', 'viewer')`))
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('project_members_pkey', ['project_id', 'user_id'])
        .execute();
      await s.createIndex('project_members_by_user').ifNotExists().on('project_members').column('user_id').execute();
      await s
        .createTable('invites')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('expires_at', t.bigint, (c) => c.notNull())
        .addColumn('max_uses', t.bigint, (c) => c.notNull())
        .addColumn('uses', t.bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('revoked_at', t.bigint)
        .execute();
      await s.createIndex('invites_by_workspace').ifNotExists().on('invites').column('workspace_id').execute();
      await s
        .createTable('audit_log')
        .ifNotExists()
        .addColumn(...serialKey('id'))
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('workspace_id', 'text')
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('details', 'text')
        .addColumn('ip', 'text')
        .execute();
      await s.createIndex('audit_by_workspace').ifNotExists().on('audit_log').columns(['workspace_id', 'id']).execute();

      await s
        .createTable('item_visibility')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('shared', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('item_visibility_pkey', ['project_id', 'item_id'])
        .execute();
      await s
        .createTable('document_clients')
        .ifNotExists()
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('client_id', t.bigint, (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('claimed_at', t.bigint)
        .addPrimaryKeyConstraint('document_clients_pkey', ['document', 'client_id'])
        .execute();
      await s
        .createTable('document_versions')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('state', t.bytes, (c) => c.notNull())
        .execute();
      await s
        .createIndex('document_versions_by_document')
        .ifNotExists()
        .on('document_versions')
        .columns(['document', 'created_at'])
        .execute();
      await s
        .createTable('document_deletions')
        .ifNotExists()
        .addColumn(...serialKey('id'))
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('client_id', t.bigint, (c) => c.notNull())
        .addColumn('clock', t.bigint, (c) => c.notNull())
        .addColumn('length', t.bigint, (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .execute();
      await s
        .createIndex('document_deletions_by_document')
        .ifNotExists()
        .on('document_deletions')
        .column('document')
        .execute();
      await s
        .createTable('files')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('part', 'text', (c) => c.notNull().check(sql`part in ('shared', 'internal')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', t.bigint, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', t.bigint, (c) => c.notNull())
        .addColumn('removed_at', t.bigint)
        .execute();
      await s.createIndex('files_by_item').ifNotExists().on('files').columns(['project_id', 'item_id']).execute();
      await s
        .createTable('item_sharing_periods')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('shared_at', t.bigint, (c) => c.notNull())
        .addColumn('unshared_at', t.bigint)
        .addPrimaryKeyConstraint('item_sharing_periods_pkey', ['project_id', 'item_id', 'shared_at'])
        .execute();
      await s
        .createTable('access_epoch')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('epoch', t.bigint, (c) => c.notNull())
        .execute();
      await db
        .insertInto('access_epoch')
        .values({ id: 1, epoch: 0 })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  };
}

/**
 * SQLite databases from before this layer recorded deletions in insertion order by rowid alone;
 * the listing orders by an `id` column on both engines, so such a table is rebuilt with one.
 */
function deletionIds(engine: Engine): Migration {
  return {
    async up(db: AnyDb) {
      if (engine !== 'sqlite') return;
      const columns = await sql<{ name: string }>`select name from pragma_table_info('document_deletions')`.execute(db);
      if (columns.rows.some((column) => column.name === 'id')) return;
      await sql`alter table document_deletions rename to document_deletions_before_ids`.execute(db);
      await sql`drop index if exists document_deletions_by_document`.execute(db);
      await sql`create table document_deletions (
        id integer primary key autoincrement, document text not null, client_id integer not null,
        clock integer not null, length integer not null, user_id text not null, at integer not null)`.execute(db);
      await sql`insert into document_deletions (id, document, client_id, clock, length, user_id, at)
        select rowid, document, client_id, clock, length, user_id, at from document_deletions_before_ids order by rowid`.execute(
        db,
      );
      await sql`drop table document_deletions_before_ids`.execute(db);
      await sql`create index document_deletions_by_document on document_deletions (document)`.execute(db);
    },
  };
}

/**
 * Requests, their SLA policies, routing teams and customers' informal feedback. A request is a plan
 * item of kind `request` (its item documents hold the description, both threads and attachments);
 * what the server must query and enforce — status, routing, clocks, escalations — lives here.
 */
function requests(engine: Engine): Migration {
  const t = types(engine);
  return {
    async up(db: AnyDb) {
      const s = db.schema;
      await s
        .createTable('request_types')
        .ifNotExists()
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('archived_at', t.bigint)
        .addPrimaryKeyConstraint('request_types_pk', ['workspace_id', 'key'])
        .execute();
      await s
        .createTable('service_teams')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('archived_at', t.bigint)
        .execute();
      await s
        .createIndex('service_teams_by_workspace')
        .ifNotExists()
        .on('service_teams')
        .columns(['workspace_id'])
        .execute();
      await s
        .createTable('service_team_members')
        .ifNotExists()
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('service_team_members_pk', ['team_id', 'user_id'])
        .execute();
      await s
        .createTable('sla_policies')
        .ifNotExists()
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        // '' is the workspace's own policy; a project id is that project's override.
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sla_policies_pk', ['workspace_id', 'project_id'])
        .execute();
      await s
        .createTable('requests')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('type_key', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text')
        .addColumn('requester_name', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('raised_by', 'text', (c) => c.notNull())
        .addColumn('about_item_id', 'text')
        .addColumn('feedback_id', 'text')
        .addColumn('assignee_id', 'text')
        .addColumn('team_id', 'text')
        .addColumn('received_at', t.bigint, (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addColumn('first_response_at', t.bigint)
        .addColumn('resolved_at', t.bigint)
        .addColumn('closed_at', t.bigint)
        .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decision', 'text')
        .addColumn('decided_at', t.bigint)
        .addColumn('decided_by', 'text')
        .execute();
      await s
        .createIndex('requests_number')
        .ifNotExists()
        .unique()
        .on('requests')
        .columns(['project_id', 'number'])
        .execute();
      await s
        .createIndex('requests_by_workspace_status')
        .ifNotExists()
        .on('requests')
        .columns(['workspace_id', 'status'])
        .execute();
      await s
        .createIndex('requests_by_team_status')
        .ifNotExists()
        .on('requests')
        .columns(['team_id', 'status'])
        .execute();
      await s.createIndex('requests_by_requester').ifNotExists().on('requests').columns(['requested_by']).execute();
      await s
        .createTable('request_events')
        .ifNotExists()
        .addColumn(...serialKeyOf(engine, t, 'id'))
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_value', 'text')
        .addColumn('to_value', 'text')
        // Routing (assignee, team) and escalations are the team's; status changes both sides see.
        .addColumn('internal', 'integer', (c) => c.notNull())
        .execute();
      await s
        .createIndex('request_events_by_request')
        .ifNotExists()
        .on('request_events')
        .columns(['request_id', 'id'])
        .execute();
      await s
        .createTable('request_links')
        .ifNotExists()
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('linked_at', t.bigint, (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('request_links_pk', ['request_id', 'item_id'])
        .execute();
      await s
        .createIndex('request_links_by_item')
        .ifNotExists()
        .on('request_links')
        .columns(['project_id', 'item_id'])
        .execute();
      await s
        .createTable('sla_escalations')
        .ifNotExists()
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('clock', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        // The key is the "exactly once": a threshold crossed twice, by two scans or two processes
        // or before and after a restart, inserts one row.
        .addPrimaryKeyConstraint('sla_escalations_pk', ['request_id', 'clock', 'level', 'cycle'])
        .execute();
      await s
        .createTable('feedback')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('sentiment', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('team_id', 'text')
        .addColumn('answer', 'text')
        .addColumn('answered_at', t.bigint)
        .addColumn('answered_by', 'text')
        .addColumn('request_id', 'text')
        .execute();
      await s
        .createIndex('feedback_by_project')
        .ifNotExists()
        .on('feedback')
        .columns(['project_id', 'created_at'])
        .execute();
      await s
        .createIndex('feedback_by_workspace')
        .ifNotExists()
        .on('feedback')
        .columns(['workspace_id', 'created_at'])
        .execute();
    },
  };
}

/**
 * The outbox: messages (email today; notifications and webhooks later) enqueued in the same
 * transaction as the change that causes them, sent by a worker (`mail/outbox.ts`). `dedupe_key` is
 * unique, so the same message is enqueued once however often the change is retried. Also the
 * password-reset tokens (only their hash is stored; single use, they expire).
 */
function outbox(engine: Engine): Migration {
  const t = types(engine);
  return {
    async up(db: AnyDb) {
      const s = db.schema;
      await s
        .createTable('outbox')
        .ifNotExists()
        .addColumn(...serialKeyOf(engine, t, 'id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', t.bigint, (c) => c.notNull())
        .addColumn('claimed_until', t.bigint)
        .addColumn('sent_at', t.bigint)
        .addColumn('failed_at', t.bigint)
        .addColumn('last_error', 'text')
        .execute();
      await s
        .createIndex('outbox_due')
        .ifNotExists()
        .on('outbox')
        .columns(['sent_at', 'failed_at', 'next_attempt_at'])
        .execute();
      await s
        .createTable('password_resets')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('expires_at', t.bigint, (c) => c.notNull())
        .addColumn('used_at', t.bigint)
        .execute();
      await s.createIndex('password_resets_by_user').ifNotExists().on('password_resets').column('user_id').execute();
    },
  };
}

/** An auto-numbered primary key column, as each engine spells it. */
function serialKeyOf(engine: Engine, t: ReturnType<typeof types>, name: string) {
  return [
    name,
    t.serial,
    // biome-ignore lint/suspicious/noExplicitAny: the column builder's type is Kysely's own
    (c: any) => (engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()),
  ] as const;
}

export function migrationsFor(engine: Engine): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_schema': schema(engine),
      '0002_deletion_ids': deletionIds(engine),
      '0003_requests': requests(engine),
      '0004_outbox': outbox(engine),
    }),
  };
}
