import type { ClockView } from '@atrium/shared/model/requests.ts';
import { describe, expect, it } from 'vitest';
import { applyFilters, filterChoices, filtersFrom, filtersToParams, urgencyOf } from './queueFilters.ts';
import type { RequestSummary } from './requestApi.ts';

const now = Date.UTC(2026, 11, 7, 12);

function request(id: string, change: Partial<RequestSummary> = {}): RequestSummary {
  return {
    id,
    projectId: 'p1',
    projectName: 'Website',
    number: 1,
    title: `Request ${id}`,
    typeKey: 'question',
    typeName: 'Question',
    priority: 'normal',
    status: 'new',
    requestedBy: null,
    requesterName: 'Casey',
    channel: 'portal',
    aboutItemId: null,
    feedbackId: null,
    receivedAt: now,
    createdAt: now,
    updatedAt: now,
    decision: null,
    linkedItemIds: [],
    firstResponse: null,
    resolution: null,
    reopenUntil: null,
    teamId: null,
    teamName: null,
    assigneeId: null,
    assigneeName: null,
    escalation: null,
    ...change,
  };
}

function clock(change: Partial<ClockView>): ClockView {
  return {
    kind: 'first_response',
    targetMinutes: 60,
    state: 'running',
    level: 'ok',
    remainingMs: 3_600_000,
    dueAt: now + 3_600_000,
    atRiskAt: now + 2_880_000,
    pausedReason: null,
    stoppedAt: null,
    computedAt: now,
    ...change,
  };
}

const queue = [
  request('a', { teamId: 't1', teamName: 'Support', assigneeId: 'me', priority: 'urgent' }),
  request('b', {
    teamId: 't2',
    teamName: 'Delivery',
    projectId: 'p2',
    projectName: 'App',
    typeKey: 'issue',
    typeName: 'Issue',
  }),
  request('c', { assigneeId: 'someone' }),
];

describe('queue filters', () => {
  it('round-trip through the address, ignoring an unknown priority', () => {
    const filters = filtersFrom(new URLSearchParams('team=t1&priority=urgent&assignee=me'));
    expect(filters).toEqual({ team: 't1', assignee: 'me', project: '', type: '', priority: 'urgent' });
    expect(filtersToParams(filters).toString()).toBe('team=t1&assignee=me&priority=urgent');
    expect(filtersFrom(new URLSearchParams('priority=panic')).priority).toBe('');
  });

  it('keep the server’s order and only the matching requests', () => {
    const context = { me: 'me', mine: null };
    const pick = (query: string) =>
      applyFilters(queue, filtersFrom(new URLSearchParams(query)), context).map((r) => r.id);
    expect(pick('')).toEqual(['a', 'b', 'c']);
    expect(pick('team=t2')).toEqual(['b']);
    expect(pick('team=none')).toEqual(['c']);
    expect(pick('assignee=me')).toEqual(['a']);
    expect(pick('assignee=none')).toEqual(['b']);
    expect(pick('project=p2&type=issue')).toEqual(['b']);
    expect(pick('priority=urgent')).toEqual(['a']);
  });

  it('“my teams” keeps what the server counted as mine', () => {
    const mine = new Set(['b']);
    expect(
      applyFilters(queue, filtersFrom(new URLSearchParams('team=mine')), { me: 'me', mine }).map((r) => r.id),
    ).toEqual(['b']);
  });

  it('offer each team, project and type once, by name', () => {
    const choices = filterChoices(queue);
    expect(choices.teams).toEqual([
      { value: 't2', label: 'Delivery' },
      { value: 't1', label: 'Support' },
    ]);
    expect(choices.projects.map((p) => p.label)).toEqual(['App', 'Website']);
    expect(choices.types.map((t) => t.value)).toEqual(['issue', 'question']);
  });
});

describe('urgencyOf', () => {
  it('is breached when escalated or when a running clock passed its due time since the server answered', () => {
    expect(urgencyOf(request('x', { escalation: 'breached' }), now)).toBe('breached');
    expect(urgencyOf(request('x', { firstResponse: clock({}) }), now)).toBeNull();
    expect(urgencyOf(request('x', { firstResponse: clock({}) }), now + 3_000_000)).toBe('at_risk');
    expect(urgencyOf(request('x', { firstResponse: clock({}) }), now + 3_600_000)).toBe('breached');
  });

  it('ignores clocks that stopped', () => {
    const missed = clock({ state: 'missed', level: 'breached', dueAt: null });
    expect(urgencyOf(request('x', { firstResponse: missed }), now)).toBeNull();
  });
});
