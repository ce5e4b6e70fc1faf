/**
 * Document names: the stable identity of every Yjs document (`project/<id>/plan`, `task/<id>`,
 * `task/<id>/internal`). A name is also the unit of access, so it is validated strictly before
 * anything else looks at it.
 */
const segment = /^[A-Za-z0-9_-][A-Za-z0-9_.:-]*$/;

export const maxDocumentNameLength = 256;

/** True when `name` is slash-separated non-empty segments of safe characters (no `..`, no empty parts). */
export function isValidDocumentName(name: string): boolean {
  if (name.length === 0 || name.length > maxDocumentNameLength) return false;
  return name.split('/').every((part) => segment.test(part) && part !== '..' && part !== '.');
}
