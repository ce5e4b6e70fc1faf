/**
 * The relational schema as TypeScript types: what every query the data layer builds is checked
 * against (Kysely). Both engines hold the same tables and columns (migrations/); times are
 * milliseconds since the epoch, flags are 0/1 integers, binary columns are Yjs updates or states.
 * PostgreSQL's 64-bit integers are read back as numbers (storage/database.ts), so a row reads
 * the same from either engine.
 */
import type { Generated } from 'kysely';

export interface DocumentUpdatesTable {
  seq: Generated<number>;
  document: string;
  data: Uint8Array;
}

export interface DocumentSnapshotsTable {
  document: string;
  data: Uint8Array;
  through_seq: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  /** Unique without regard to case (SQLite: COLLATE NOCASE; PostgreSQL: a unique index on lower(email)). */
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: number;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'member';
  created_at: number;
}

export interface CustomersTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: number;
}

export interface ProjectsTable {
  id: string;
  workspace_id: string;
  customer_id: string | null;
  name: string;
  created_at: number;
}

export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: 'member' | 'collaborator' | 'viewer';
  created_at: number;
}

export interface InvitesTable {
  id: string;
  token_hash: string;
  workspace_id: string;
  project_id: string | null;
  role: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: Generated<number>;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  workspace_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text. */
  details: string | null;
  ip: string | null;
}

export interface ItemVisibilityTable {
  project_id: string;
  item_id: string;
  title: string;
  shared: number;
}

export interface DocumentClientsTable {
  document: string;
  client_id: number;
  user_id: string;
  claimed_at: number | null;
}

export interface DocumentVersionsTable {
  id: string;
  document: string;
  name: string;
  kind: string;
  created_by: string | null;
  created_at: number;
  state: Uint8Array;
}

export interface DocumentDeletionsTable {
  /** Insertion order (SQLite: the rowid). */
  id: Generated<number>;
  document: string;
  client_id: number;
  clock: number;
  length: number;
  user_id: string;
  at: number;
}

export interface FilesTable {
  id: string;
  project_id: string;
  item_id: string;
  part: 'shared' | 'internal';
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: number;
  removed_at: number | null;
}

export interface ItemSharingPeriodsTable {
  project_id: string;
  item_id: string;
  shared_at: number;
  unshared_at: number | null;
}

/**
 * One row counting changes to who may see what, made by any process (the CLI, another server):
 * running servers watch it and re-decide their live sockets when it moves (access/accessChanges.ts).
 */
export interface AccessEpochTable {
  id: number;
  epoch: number;
}

/** A workspace's request types (question, change request, …); requests store the key. */
export interface RequestTypesTable {
  workspace_id: string;
  key: string;
  name: string;
  position: number;
  archived_at: number | null;
}

/** Teams of a workspace that requests and feedback are routed to (delivery, product, support, …). */
export interface ServiceTeamsTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: number;
  archived_at: number | null;
}

export interface ServiceTeamMembersTable {
  team_id: string;
  user_id: string;
}

/** An SLA policy as JSON (requests/slaPolicy.ts); project_id '' is the workspace's own. */
export interface SlaPoliciesTable {
  workspace_id: string;
  project_id: string;
  policy: string;
  updated_at: number;
  updated_by: string;
}

/** A request: the plan item `id` of kind `request` and what the server queries and enforces about it. */
export interface RequestsTable {
  id: string;
  project_id: string;
  workspace_id: string;
  /** #1, #2, … per project. */
  number: number;
  type_key: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'new' | 'in_progress' | 'waiting_on_customer' | 'resolved' | 'closed';
  title: string;
  /** The person who asked, when they have an account; `requester_name` always says who. */
  requested_by: string | null;
  requester_name: string;
  channel: 'portal' | 'email' | 'phone' | 'meeting';
  /** Who entered it: the requester from the portal, or a team member on their behalf. */
  raised_by: string;
  about_item_id: string | null;
  feedback_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  /** When the customer asked (the clocks start here); before created_at when entered on their behalf later. */
  received_at: number;
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  reopen_count: number;
  decision: 'accepted' | 'declined' | null;
  decided_at: number | null;
  decided_by: string | null;
}

/** Everything that happened to a request, in order; the clocks are computed from these. */
export interface RequestEventsTable {
  id: Generated<number>;
  request_id: string;
  at: number;
  actor_id: string;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  /** 1: the team's only (routing, escalations); 0: both sides see it. */
  internal: number;
}

/** Plan items a change request affects. */
export interface RequestLinksTable {
  request_id: string;
  item_id: string;
  project_id: string;
  linked_at: number;
  linked_by: string;
}

/** Thresholds crossed: one row per (request, clock, level, reopen cycle), so each escalates once. */
export interface SlaEscalationsTable {
  request_id: string;
  clock: 'first_response' | 'resolution';
  level: 'at_risk' | 'breached';
  cycle: number;
  at: number;
}

/** A customer's quick reaction on an item, message, comment or request. */
export interface FeedbackTable {
  id: string;
  project_id: string;
  workspace_id: string;
  item_id: string;
  target_kind: 'item' | 'message' | 'comment' | 'request';
  target_id: string;
  author_id: string;
  sentiment: 'positive' | 'neutral' | 'concern';
  note: string;
  created_at: number;
  team_id: string | null;
  answer: string | null;
  answered_at: number | null;
  answered_by: string | null;
  request_id: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: 'email';
  /** Unique: the same message is enqueued once (e.g. `invite:<id>:<n>`, `password-reset:<id>`). */
  dedupe_key: string;
  /** JSON: for `email`, an `EmailMessage` (mail/mailer.ts). */
  payload: string;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  /** A worker holds the row until then (it is sending it); null when nobody does. */
  claimed_until: number | null;
  sent_at: number | null;
  /** Given up after the last attempt; `last_error` says why. */
  failed_at: number | null;
  last_error: string | null;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface Schema {
  document_updates: DocumentUpdatesTable;
  document_snapshots: DocumentSnapshotsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  customers: CustomersTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  invites: InvitesTable;
  audit_log: AuditLogTable;
  item_visibility: ItemVisibilityTable;
  document_clients: DocumentClientsTable;
  document_versions: DocumentVersionsTable;
  document_deletions: DocumentDeletionsTable;
  files: FilesTable;
  item_sharing_periods: ItemSharingPeriodsTable;
  access_epoch: AccessEpochTable;
  request_types: RequestTypesTable;
  service_teams: ServiceTeamsTable;
  service_team_members: ServiceTeamMembersTable;
  sla_policies: SlaPoliciesTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  request_links: RequestLinksTable;
  sla_escalations: SlaEscalationsTable;
  feedback: FeedbackTable;
  outbox: OutboxTable;
  password_resets: PasswordResetsTable;
}
