/**
 * The escalation worker: every `SLA_SCAN_MS` it computes the clocks of every open request and, for
 * each threshold a running clock has reached (at risk, breached), inserts its `sla_escalations` row.
 * The row's primary key (request, clock, level, reopen cycle) makes each threshold escalate exactly
 * once — across restarts and across processes sharing the database: only the insert that took
 * writes the audit entry and the `request_events` row (in the same transaction), refreshes the
 * projections and tells `serviceEvents`.
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';
import { recordAudit } from '../audit/auditLog.ts';
import type { Logger } from '../log.ts';
import type { RequestActions } from './requestActions.ts';
import { projectRequest, serverActor } from './requestProjection.ts';
import { loadRecords, type RequestRecord } from './requestRecords.ts';
import { appendEvent, getRequestById } from './requestStore.ts';

type Threshold = { clock: 'first_response' | 'resolution'; level: 'at_risk' | 'breached'; cycle: number };

/** Thresholds a clock has reached; breaching also passes "at risk" (each once). */
function reached(clock: ClockView | null, cycle: number): Threshold[] {
  if (!clock || (clock.state !== 'running' && clock.state !== 'paused')) return [];
  if (clock.level === 'ok') return [];
  const levels: Threshold['level'][] = clock.level === 'breached' ? ['at_risk', 'breached'] : ['at_risk'];
  return levels.map((level) => ({ clock: clock.kind, level, cycle }));
}

export class EscalationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly services: RequestActions & { log: Logger },
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the open requests; how many thresholds escalated now. Overlapping calls share a pass. */
  scan(now = Date.now()): Promise<number> {
    this.running ??= this.pass(now)
      .catch((error) => {
        this.services.log.error({ err: error }, 'SLA escalation scan failed; retried at the next scan');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(now: number): Promise<number> {
    const rows = await this.services.db
      .selectFrom('requests')
      .selectAll()
      .where('status', 'in', ['new', 'in_progress', 'waiting_on_customer'])
      .execute();
    let escalated = 0;
    for (const record of await loadRecords(this.services.db, rows, now)) {
      const thresholds = [
        ...reached(record.firstResponse, record.cycles.first_response),
        ...reached(record.resolution, record.cycles.resolution),
      ];
      const taken = [];
      for (const threshold of thresholds) if (await this.escalate(record, threshold, now)) taken.push(threshold);
      if (taken.length === 0) continue;
      escalated += taken.length;
      const row = await getRequestById(this.services.db, record.row.id);
      if (row) await projectRequest(this.services, row, serverActor);
      for (const threshold of taken)
        this.services.events.emit('request.escalated', {
          requestId: record.row.id,
          projectId: record.row.project_id,
          workspaceId: record.row.workspace_id,
          ...threshold,
          assigneeId: row?.assignee_id ?? null,
          teamId: row?.team_id ?? null,
          at: now,
        });
    }
    return escalated;
  }

  /** Whether this call recorded the threshold (false: some earlier scan, here or elsewhere, did). */
  private async escalate(record: RequestRecord, threshold: Threshold, at: number): Promise<boolean> {
    const { row } = record;
    return this.services.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto('sla_escalations')
        .values({ request_id: row.id, ...threshold, at })
        .onConflict((oc) => oc.columns(['request_id', 'clock', 'level', 'cycle']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await appendEvent(tx, {
        requestId: row.id,
        at,
        actorId: serverActor,
        kind: 'escalation',
        from: threshold.clock,
        to: threshold.level,
      });
      await recordAudit(tx, {
        action: threshold.level === 'breached' ? 'request.sla_breached' : 'request.sla_at_risk',
        actorId: null,
        workspaceId: row.workspace_id,
        target: { type: 'request', id: row.id },
        details: { projectId: row.project_id, clock: threshold.clock, cycle: threshold.cycle },
      });
      return true;
    });
  }
}
