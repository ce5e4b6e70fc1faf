import { describe, expect, it } from 'vitest';
import { describeWork } from './unsavedWorkText.ts';

const shared = (item: string) => `project/p1/item/${item}`;
const internal = (item: string) => `project/p1/item/${item}/internal`;
const titles: Record<string, string> = { [shared('i1')]: 'Send brand assets', [shared('i2')]: 'Press kit' };
const titleOf = (name: string) => titles[name] ?? null;
const edit = { edited: true, messages: 0, comments: 0 };

describe('unsaved work in words', () => {
  it('names the item edited and counts the messages', () => {
    expect(describeWork([{ name: shared('i1'), work: { edited: true, messages: 1, comments: 0 } }], titleOf)).toBe(
      'edits to “Send brand assets” and 1 message',
    );
  });

  it("counts an item's shareable and internal parts as one item", () => {
    const parts = [
      { name: shared('i1'), work: edit },
      { name: internal('i1'), work: { edited: true, messages: 2, comments: 1 } },
    ];
    expect(describeWork(parts, titleOf)).toBe('edits to “Send brand assets”, 2 messages and 1 comment');
    expect(describeWork(parts)).toBe('edits to 1 item, 2 messages and 1 comment');
  });

  it('names two items, counts more, and counts when a title is unknown', () => {
    expect(
      describeWork(
        [
          { name: shared('i1'), work: edit },
          { name: shared('i2'), work: edit },
        ],
        titleOf,
      ),
    ).toBe('edits to “Send brand assets” and “Press kit”');
    expect(
      describeWork(
        [
          { name: shared('i1'), work: edit },
          { name: shared('i9'), work: edit },
        ],
        titleOf,
      ),
    ).toBe('edits to 2 items');
    expect(describeWork([{ name: 'project/p1/plan', work: edit }])).toBe('edits to the plan');
  });

  it('says where messages alone were written', () => {
    expect(describeWork([{ name: shared('i2'), work: { edited: false, messages: 1, comments: 0 } }], titleOf)).toBe(
      '1 message on “Press kit”',
    );
    expect(describeWork([{ name: shared('i2'), work: { edited: false, messages: 3, comments: 0 } }])).toBe(
      '3 messages',
    );
  });
});
