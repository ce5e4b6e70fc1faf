/**
 * Sending email: one SMTP transport (nodemailer) built from `SMTP_URL`, every message from
 * `MAIL_FROM`. Nothing calls it directly but the outbox worker (`outbox.ts`): routes enqueue
 * messages in their transaction, the worker sends them.
 */
import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';

/** One email, as stored in the outbox: both parts are always present. */
export type EmailMessage = { to: string; subject: string; text: string; html: string };

export interface Mailer {
  /** Resolves once the SMTP server has accepted the message; rejects with its reason otherwise. */
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export function smtpMailer(config: MailConfig): Mailer {
  // Short timeouts: a hanging SMTP server must fail an attempt well within the outbox's claim.
  const url = new URL(config.smtpUrl);
  for (const [name, ms] of [
    ['connectionTimeout', 10_000],
    ['greetingTimeout', 10_000],
    ['socketTimeout', 30_000],
  ] as const) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  const transport = nodemailer.createTransport(url.toString());
  return {
    async send(message) {
      await transport.sendMail({ from: config.from, ...message });
    },
    close() {
      transport.close();
    },
  };
}

/** Text for an HTML body: &, <, >, " and ' escaped. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * A plain email with one call to action: the same paragraphs as text and as simple HTML (inline
 * styles only: mail clients drop style sheets), the link spelled out in both.
 */
export function actionEmail(input: {
  to: string;
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
  footer: string;
}): EmailMessage {
  const { to, subject, paragraphs, action, footer } = input;
  const text = [...paragraphs, `${action.label}: ${action.url}`, footer].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family: system-ui, sans-serif; color: #1f2328; line-height: 1.5">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(action.url)}" style="display: inline-block; padding: 8px 16px; background: #2f5bd3; color: #fff; border-radius: 6px; text-decoration: none">${escapeHtml(action.label)}</a></p>`,
    `<p style="font-size: 13px; color: #59636e">Or open this link: <a href="${escapeHtml(action.url)}">${escapeHtml(action.url)}</a></p>`,
    `<p style="font-size: 13px; color: #59636e">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to, subject, text, html };
}
