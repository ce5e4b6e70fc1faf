/**
 * A real SMTP server for tests (`smtp-server`), on a port of its own, keeping every message it
 * accepts. `stop()` closes it (the port then refuses connections: "SMTP down"); `start()` listens
 * again on the same port.
 */
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Defer } from './cleanup.ts';

export type SinkMessage = {
  from: string;
  to: string[];
  /** The message as received, headers and all. */
  raw: string;
  subject: string;
  /** The plain-text and HTML parts, transfer encoding undone. */
  text: string;
  html: string;
};

export type SmtpSink = {
  port: number;
  /** An SMTP_URL that reaches it. */
  url: string;
  messages: SinkMessage[];
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** A port nothing listens on (yet). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function decodeQuotedPrintable(text: string): string {
  const bytes = Buffer.from(text.replace(/=\r?\n/g, ''), 'latin1');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes.subarray(i + 1, i + 3).toString('latin1');
    if (bytes[i] === 0x3d && /^[0-9A-F]{2}$/i.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(bytes[i] as number);
  }
  return Buffer.from(out).toString('utf8');
}

/** The body of the part with this content type, decoded (quoted-printable, base64 or as is). */
function partOf(raw: string, contentType: string): string {
  const start = raw.search(new RegExp(`Content-Type: ${contentType}`, 'i'));
  if (start < 0) return '';
  const part = raw.slice(start);
  const headerEnd = part.search(/\r?\n\r?\n/);
  const headers = part.slice(0, headerEnd);
  const rest = part.slice(headerEnd).replace(/^\r?\n\r?\n/, '');
  const body = rest.split(/\r?\n--/)[0] ?? '';
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) return decodeQuotedPrintable(body);
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body, 'base64').toString('utf8');
  return body;
}

export async function startSmtpSink(defer: Defer, options: { port?: number; listening?: boolean } = {}) {
  const port = options.port ?? (await freePort());
  const messages: SinkMessage[] = [];
  let server: SMTPServer | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              raw,
              subject: /^Subject: (.*)$/im.exec(raw)?.[1] ?? '',
              text: partOf(raw, 'text/plain'),
              html: partOf(raw, 'text/html'),
            });
            callback();
          });
        },
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = async () => {
    const closing = server;
    server = undefined;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  if (options.listening ?? true) await start();
  defer(stop);
  const sink: SmtpSink = { port, url: `smtp://127.0.0.1:${port}`, messages, start, stop };
  return sink;
}
