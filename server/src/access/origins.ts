/**
 * Same-origin rule for browsers. A request that carries an Origin header must come from Atrium's
 * own origin (the Host it was sent to, or PUBLIC_URL) or an explicitly allowed one. This is the CSRF
 * defence for cookie-authenticated writes and the cross-site WebSocket hijacking defence for sync.
 */
export function isAllowedOrigin(
  origin: string | undefined | null,
  host: string | undefined | null,
  allowed: { publicUrl: string; allowedOrigins: string[] },
): boolean {
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (host && parsed.host === host) return true;
  if (parsed.origin === new URL(allowed.publicUrl).origin) return true;
  return allowed.allowedOrigins.includes(parsed.origin);
}
