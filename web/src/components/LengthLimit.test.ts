import { describe, expect, it } from 'vitest';
import { lengthNotice, titleLimit } from './LengthLimit.tsx';

describe('length notices', () => {
  it('say nothing well under the limit, count near it, and say by how much a text is too long', () => {
    expect(lengthNotice(20, titleLimit)).toBeNull();
    expect(lengthNotice(179, titleLimit)).toBeNull();
    expect(lengthNotice(180, titleLimit)).toEqual({ text: '180 / 200 characters', over: false });
    expect(lengthNotice(200, titleLimit)).toEqual({ text: '200 / 200 characters', over: false });
    expect(lengthNotice(720, titleLimit)).toEqual({
      text: 'Too long: 720 characters, at most 200. Shorten it by 520.',
      over: true,
    });
  });
});
