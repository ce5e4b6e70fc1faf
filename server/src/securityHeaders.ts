/**
 * Headers every response carries (Hono's secure-headers): the web app may not be framed by any
 * page (clickjacking: `frame-ancestors 'none'` and `X-Frame-Options: DENY`), and its
 * Content-Security-Policy lets a page run only Atrium's own scripts — no inline script, no eval —
 * and talk only to its own origin (REST and the sync socket). A response that set its own policy
 * keeps it: file downloads are sandboxed more tightly (api/files.ts).
 *
 * What the app needs from the policy: images from Atrium itself (`/api/files/…`), `data:` and
 * `blob:` (pasted images, previews); the service worker from /sw.js (`worker-src 'self'`). Style
 * sheets are the app's own files only: React and the caret plugin set styles through the DOM, which
 * CSP allows; Tiptap's `<style>` injection is turned off (web/src/editor/liveEditing.ts); style
 * attributes in markup are allowed for pasted documents (below). zod would probe
 * `new Function` without its jitless setting (web/src/zodJitless.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // Style attributes in markup: pasted Word and Google Docs HTML says what is bold or a list in
  // them (web/src/documents/wordPaste.ts). They cannot run code; `<style>` elements stay refused.
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  // 'self' covers ws:/wss: to the same host as well (CSP Level 3).
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(options: { https: boolean }): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    // Not `no-referrer`: that makes browsers send `Origin: null` on same-origin POSTs, which the
    // CSRF check (api/callerMiddleware.ts) must refuse. `same-origin` still sends nothing to other
    // sites — invite links carry their token in the path.
    referrerPolicy: 'same-origin',
    // HSTS only means something over HTTPS; on plain HTTP it would be ignored at best.
    strictTransportSecurity: options.https,
    // Keep a stricter policy a route set for itself (downloads).
    overwrite: false,
  });
}
