/** What changed between two texts, word by word: added words underlined in green, removed struck through in red. */
import { diffWords } from 'diff';

export function TextDiff({ before, after }: { before: string[]; after: string[] }) {
  const parts = diffWords(before.join('\n'), after.join('\n'));
  const changed = parts.some((part) => part.added || part.removed);
  if (!changed) return <p className="empty-inline">No differences in the text.</p>;
  return (
    <div className="text-diff" data-testid="text-diff">
      {parts.map((part, index) =>
        part.added ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff parts have no identity beyond their position
          <ins key={index}>{part.value}</ins>
        ) : part.removed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <del key={index}>{part.value}</del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={index}>{part.value}</span>
        ),
      )}
    </div>
  );
}
