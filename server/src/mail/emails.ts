/** The emails Atrium sends, as outbox messages: who gets what, with which link. */
import { actionEmail } from './mailer.ts';
import type { OutboxMessage } from './outbox.ts';

export function inviteEmail(input: {
  inviteId: string;
  /** Which sending of this invite (1 = created, 2 = first resend, …): part of the dedupe key. */
  sending: number;
  to: string;
  url: string;
  inviterName: string;
  workspaceName: string;
  projectName: string | null;
  expiresAt: number;
}): OutboxMessage {
  const place = input.projectName ? `the project "${input.projectName}"` : `the team of "${input.workspaceName}"`;
  return {
    kind: 'email',
    dedupeKey: `invite:${input.inviteId}:${input.sending}`,
    payload: actionEmail({
      to: input.to,
      subject: `${input.inviterName} invited you to ${input.projectName ?? input.workspaceName} on Atrium`,
      paragraphs: [
        `${input.inviterName} invited you to join ${place} on Atrium (${input.workspaceName}).`,
        `The link works until ${new Date(input.expiresAt).toUTCString()}.`,
      ],
      action: { label: 'Accept the invite', url: input.url },
      footer: 'If you did not expect this invitation, you can ignore this email.',
    }),
  };
}

export function passwordResetEmail(input: { resetId: string; to: string; name: string; url: string }): OutboxMessage {
  return {
    kind: 'email',
    dedupeKey: `password-reset:${input.resetId}`,
    payload: actionEmail({
      to: input.to,
      subject: 'Reset your Atrium password',
      paragraphs: [
        `Hello ${input.name},`,
        'Someone (hopefully you) asked to reset the password of your Atrium account. The link below works once, for one hour.',
        'Choosing a new password signs you out on every other device.',
      ],
      action: { label: 'Choose a new password', url: input.url },
      footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
    }),
  };
}
