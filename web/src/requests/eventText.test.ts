import { describe, expect, it } from 'vitest';
import { eventText } from './eventText.ts';

const names = {
  person: (id: string) => (id === 'u1' ? 'Casey Customer' : 'Someone'),
  item: (id: string) => (id === 'i1' ? '“Homepage hero”' : 'an item'),
  team: (id: string) => (id === 't1' ? 'Support' : 'a team'),
  type: (key: string) => (key === 'issue' ? 'Issue' : key),
  requester: 'Casey Customer',
};
const event = { at: 0, actorId: 'a', actorName: 'Pat Provider', from: null, to: null };

describe('eventText', () => {
  it('names statuses, people, teams and items', () => {
    expect(eventText({ ...event, kind: 'status', from: 'new', to: 'in_progress' }, names)).toBe(
      'Pat Provider moved it from New to In progress',
    );
    expect(eventText({ ...event, kind: 'assignee', to: 'u1' }, names)).toBe(
      'Pat Provider assigned it to Casey Customer',
    );
    expect(eventText({ ...event, kind: 'team', to: 't1' }, names)).toBe('Pat Provider routed it to Support');
    expect(eventText({ ...event, kind: 'link', to: 'i1' }, names)).toBe('Pat Provider linked “Homepage hero”');
    expect(eventText({ ...event, kind: 'type', from: 'question', to: 'issue' }, names)).toBe(
      'Pat Provider changed the type from question to Issue',
    );
  });

  it('says when the team logged a request for someone', () => {
    expect(eventText({ ...event, kind: 'created' }, names)).toBe('Pat Provider logged it for Casey Customer');
    expect(eventText({ ...event, actorName: 'Casey Customer', kind: 'created' }, names)).toBe(
      'Casey Customer raised it',
    );
  });

  it('says which clock escalated, by the server', () => {
    expect(
      eventText({ ...event, actorName: '', kind: 'escalation', from: 'first_response', to: 'breached' }, names),
    ).toBe('First response breached its target — escalated');
  });
});
