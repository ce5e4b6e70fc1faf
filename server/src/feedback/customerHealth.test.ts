/**
 * The order of the customer-health list (worst first) and the level each customer gets, on plain
 * values; what is counted is tested end to end in server/test/requests/feedback.test.ts.
 */
import type { CustomerHealth } from '@atrium/shared/model/feedback.ts';
import { describe, expect, it } from 'vitest';
import { worstFirst } from './customerHealth.ts';

const customer = (name: string, values: Partial<CustomerHealth>): CustomerHealth => ({
  customerId: name,
  customerName: name,
  projects: 1,
  openRequests: 0,
  breaches: 0,
  unansweredConcerns: 0,
  lastActivityAt: null,
  daysSinceActivity: null,
  level: 'healthy',
  ...values,
});

describe('worstFirst', () => {
  it('puts breaches first, then unanswered concerns, open requests, the longest silence, then the name', () => {
    const list = [
      customer('Quiet', { daysSinceActivity: 40, level: 'attention' }),
      customer('Busy', { openRequests: 5 }),
      customer('Breached', { breaches: 1, level: 'critical' }),
      customer('Worried', { unansweredConcerns: 2, level: 'attention' }),
      customer('Alpha', {}),
      customer('Twice breached', { breaches: 2, level: 'critical' }),
      customer('Never heard', { daysSinceActivity: null }),
    ];
    expect([...list].sort(worstFirst).map((entry) => entry.customerName)).toEqual([
      'Twice breached',
      'Breached',
      'Worried',
      'Quiet',
      'Busy',
      'Alpha',
      'Never heard',
    ]);
  });
});
