/**
 * The REST API as the web app uses it: JSON in and out, the session cookie, and the server's error
 * shape (`{ error: { code, message } }`) turned into an `ApiError` whose message is written for people.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, {
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Sends a file's bytes as they are (the server reads its type from Content-Type). */
export function uploadFile<T>(path: string, file: File): Promise<T> {
  return request<T>('POST', path, {
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
}

async function request<T>(method: string, path: string, init: { headers: Record<string, string>; body?: BodyInit }) {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'offline', 'Atrium cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string } })
    | null;
  if (!response.ok) {
    const error = data?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'error',
      error?.message ?? `Something went wrong (HTTP ${response.status}). Please try again.`,
    );
  }
  return data as T;
}

export type MeProject = {
  id: string;
  name: string;
  workspaceId: string;
  workspaceName: string;
  customerName: string | null;
  side: 'team' | 'customer';
  role: string;
};

export type Me = {
  user: { id: string; email: string; name: string };
  workspaces: Array<{ id: string; name: string; role: string }>;
  projects: MeProject[];
};

export type Person = { userId: string; name: string; email: string; side: 'team' | 'customer'; role: string };

export type Invite = {
  id: string;
  projectId: string | null;
  role: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | null;
  /** Who joined through the link, and when (oldest first); `name` is null for a deleted account. */
  usedBy: Array<{ userId: string; name: string | null; email: string | null; at: number }>;
  /** Where the link was emailed (and how often), or null when it never was. */
  email: {
    to: string;
    sendings: number;
    lastAt: number;
    sentAt: number | null;
    status: 'queued' | 'sent' | 'retrying' | 'failed';
  } | null;
};

export type InvitePreview = {
  workspaceName: string;
  projectName: string | null;
  role: string;
  expiresAt: number;
  invitedBy: string;
};
