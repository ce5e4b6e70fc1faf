/**
 * The save state, always visible and always true: it is the server's acknowledgements that say
 * "Saved", and never while any of this person's work is waiting or was refused.
 */
import { useSaveState } from '../app/replicaHooks.ts';
import type { OverallSaveState } from '../sync/replicas.ts';
import { describeWork } from './unsavedWorkText.ts';

export function SaveIndicator() {
  const { save } = useSaveState();
  return (
    <output className={`save-state save-${save.kind}`} aria-live="polite" data-testid="save-state">
      <span className="dot" aria-hidden="true" />
      {saveText(save)}
    </output>
  );
}

export function saveText(save: OverallSaveState): string {
  switch (save.kind) {
    case 'saved':
      return 'Saved';
    case 'saving':
      return 'Saving…';
    case 'refused':
      // The refusal banner below the top bar says which, and why.
      return `Not saved — ${describeWork(save.refused)}`;
    case 'connecting':
      return save.unsaved.length > 0 ? `Connecting — ${describeWork(save.unsaved)} kept on this device` : 'Connecting…';
    case 'offline':
      return save.unsaved.length > 0
        ? `Offline — ${describeWork(save.unsaved)} kept on this device`
        : 'Offline — changes will be kept on this device';
  }
}
