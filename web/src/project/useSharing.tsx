/**
 * Sharing and unsharing an item, from the card or the task panel, always through a confirmation
 * that names the customer. The server does the change (and audits it); the board follows live.
 */
import { useCallback, useState } from 'react';
import { api } from '../app/api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormError } from '../components/FormError.tsx';

type Pending = { itemId: string; title: string; share: boolean };

export function useSharing(projectId: string, customerName: string) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<unknown>(null);

  const ask = useCallback((itemId: string, title: string, share: boolean) => {
    setError(null);
    setPending({ itemId, title, share });
  }, []);

  async function confirm() {
    if (!pending) return;
    try {
      await api('PUT', `/projects/${projectId}/items/${pending.itemId}/sharing`, { shared: pending.share });
      setPending(null);
    } catch (failure) {
      setError(failure);
    }
  }

  const dialog = (
    <ConfirmDialog
      open={pending !== null}
      title={pending?.share ? `Share with ${customerName}?` : `Stop sharing with ${customerName}?`}
      confirmLabel={pending?.share ? `Share with ${customerName}` : 'Stop sharing'}
      onConfirm={() => void confirm()}
      onCancel={() => setPending(null)}
    >
      {pending?.share ? (
        <p>
          “{pending.title}” will appear at once for {customerName}’s people: its title, status, due date, description,
          attachments and client thread. Internal notes and the internal thread stay with your team.
        </p>
      ) : (
        <p>
          “{pending?.title}” will disappear from {customerName}’s portal at once. Nothing in it is deleted.
        </p>
      )}
      <FormError error={error} />
    </ConfirmDialog>
  );
  return { ask, dialog };
}
