/** The save state, always visible and always true: it is the server's acknowledgements that say "Saved". */
import { useSaveState } from '../app/replicaHooks.ts';

export function SaveIndicator() {
  const { save } = useSaveState();
  const text =
    save.kind === 'saved'
      ? 'Saved'
      : save.kind === 'saving'
        ? 'Saving…'
        : save.kind === 'connecting'
          ? save.unsaved > 0
            ? `Connecting — ${changes(save.unsaved)} kept on this device`
            : 'Connecting…'
          : save.unsaved > 0
            ? `Offline — ${changes(save.unsaved)} kept on this device`
            : 'Offline — changes will be kept on this device';
  return (
    <output className={`save-state save-${save.kind}`} aria-live="polite" data-testid="save-state">
      <span className="dot" aria-hidden="true" />
      {text}
    </output>
  );
}

function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}
