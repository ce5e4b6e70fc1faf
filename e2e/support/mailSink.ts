/** The SMTP server the e2e server sends to (playwright.config.ts): started by the spec that reads mail. */
import { type SmtpSink, startSmtpSink } from '../../server/test/support/smtpSink.ts';

export const smtpPort = Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1);

export async function startMailSink(): Promise<SmtpSink & { close(): Promise<void> }> {
  const stops: Array<() => unknown> = [];
  const sink = await startSmtpSink((task) => stops.push(task), { port: smtpPort });
  return {
    ...sink,
    async close() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
