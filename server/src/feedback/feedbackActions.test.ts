/** The wording of a request made from feedback when the team writes none of its own. */
import { describe, expect, it } from 'vitest';
import { requestWording } from './feedbackActions.ts';
import type { FeedbackRow } from './feedbackStore.ts';

const row = (values: Partial<FeedbackRow>): FeedbackRow => ({
  id: 'fb_1',
  project_id: 'prj_1',
  workspace_id: 'wsp_1',
  item_id: 'itm_1',
  target_kind: 'item',
  target_id: 'itm_1',
  author_id: 'usr_1',
  sentiment: 'concern',
  note: '',
  created_at: 1,
  team_id: null,
  answer: null,
  answered_at: null,
  answered_by: null,
  request_id: null,
  ...values,
});

describe('requestWording', () => {
  it('titles the request with the note’s first line and keeps the whole note as its text', () => {
    expect(requestWording(row({ note: 'Too dark\nEspecially on phones.' }), 'Hero')).toEqual({
      title: 'Too dark',
      body: 'Too dark\nEspecially on phones.',
    });
  });

  it('says what the reaction was about when there is no note', () => {
    expect(requestWording(row({ sentiment: 'neutral' }), 'Hero')).toEqual({
      title: 'Neutral about “Hero”',
      body: 'Neutral about “Hero” (feedback without a note).',
    });
  });

  it('shortens a long first line to a title that fits', () => {
    const { title } = requestWording(row({ note: 'x'.repeat(300) }), 'Hero');
    expect(title).toHaveLength(120);
    expect(title.endsWith('…')).toBe(true);
  });
});
