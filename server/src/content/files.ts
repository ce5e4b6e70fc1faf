/**
 * Files attached to an item's shareable or internal part: what may be uploaded (size and type,
 * checked against the bytes, not only the declared type), where the bytes live, and their records.
 *
 * The bytes are stored under `DATA_DIR/files/<2 chars>/<id>` (written to a temporary name, then
 * renamed, so a file is either complete or absent); the `files` table holds who uploaded what to
 * which part. `FileStore` is the seam for other storage (object storage when Atrium scales out).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Selectable } from 'kysely';
import { AppError } from '../errors.ts';
import type { Db } from '../storage/database.ts';
import type { FilesTable } from '../storage/schema.ts';

export type FilePart = 'shared' | 'internal';

export type FileRecord = {
  id: string;
  projectId: string;
  itemId: string;
  part: FilePart;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: number;
  removedAt: number | null;
};

/**
 * The types Atrium accepts, with the leading bytes a file of that type must start with (when the
 * format has a signature). Types a browser would run as a page or script (HTML, SVG) are refused.
 */
const accepted: Record<string, { label: string; magic?: number[][] }> = {
  'image/png': { label: 'PNG image', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/jpeg': { label: 'JPEG image', magic: [[0xff, 0xd8, 0xff]] },
  'image/gif': { label: 'GIF image', magic: [[0x47, 0x49, 0x46, 0x38]] },
  'image/webp': { label: 'WebP image', magic: [[0x52, 0x49, 0x46, 0x46]] },
  'application/pdf': { label: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46]] },
  'text/plain': { label: 'text file' },
  'text/csv': { label: 'CSV file' },
  'text/markdown': { label: 'Markdown file' },
  'application/zip': { label: 'ZIP archive', magic: [[0x50, 0x4b]] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word document',
    magic: [[0x50, 0x4b]],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel workbook',
    magic: [[0x50, 0x4b]],
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    label: 'PowerPoint presentation',
    magic: [[0x50, 0x4b]],
  },
};

export const acceptedTypes = Object.keys(accepted);

/** Images a document may show inline (the rest are downloaded). */
export const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** The declared type without parameters (`text/plain; charset=utf-8` → `text/plain`). */
export function baseType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Why these bytes may not be stored as this type, or null when they may. */
export function uploadProblem(contentType: string, bytes: Uint8Array, maxBytes: number): AppError | null {
  if (bytes.byteLength === 0) return new AppError('invalid', 'The file is empty.');
  if (bytes.byteLength > maxBytes) return tooLarge(maxBytes);
  const rule = accepted[contentType];
  if (!rule) {
    return new AppError(
      'unsupported_media_type',
      `Files of type “${contentType || 'unknown'}” cannot be attached. Accepted: images (PNG, JPEG, GIF, WebP), PDF, text, CSV, Markdown, ZIP, Word, Excel and PowerPoint files.`,
    );
  }
  if (rule.magic && !rule.magic.some((signature) => signature.every((byte, index) => bytes[index] === byte))) {
    return new AppError('unsupported_media_type', `This file is not a ${rule.label}, though it says so.`);
  }
  return null;
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'payload_too_large',
    `The file is larger than ${(maxBytes / 1024 / 1024).toFixed(maxBytes < 1024 * 1024 ? 2 : 0)} MB, the most one upload may carry.`,
  );
}

/** Where file bytes are kept. */
export interface FileStore {
  put(id: string, bytes: Uint8Array): Promise<void>;
  get(id: string): Promise<Uint8Array | null>;
  remove(id: string): Promise<void>;
}

export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(id: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`not a file id: ${id}`);
    return path.join(this.root, id.slice(-2), id);
  }

  async put(id: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(id);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.partial`;
    await fs.promises.writeFile(temporary, bytes);
    await fs.promises.rename(temporary, target);
  }

  async get(id: string): Promise<Uint8Array | null> {
    try {
      return await fs.promises.readFile(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await fs.promises.rm(this.pathOf(id), { force: true });
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const fromRow = (row: Selectable<FilesTable>): FileRecord => ({
  id: row.id,
  projectId: row.project_id,
  itemId: row.item_id,
  part: row.part,
  name: row.name,
  contentType: row.content_type,
  size: row.size,
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
  removedAt: row.removed_at,
});

/** Records an uploaded file; `db` may be the transaction of the change that attaches it. */
export async function insertFile(db: Db, file: Omit<FileRecord, 'removedAt'>): Promise<void> {
  await db
    .insertInto('files')
    .values({
      id: file.id,
      project_id: file.projectId,
      item_id: file.itemId,
      part: file.part,
      name: file.name,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploaded_by: file.uploadedBy,
      uploaded_at: file.uploadedAt,
    })
    .execute();
}

export async function getFile(db: Db, id: string): Promise<FileRecord | null> {
  const row = await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function markRemoved(db: Db, id: string): Promise<void> {
  await db
    .updateTable('files')
    .set({ removed_at: Date.now() })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .execute();
}

/** A file name safe to show and to put in a Content-Disposition header. */
export function cleanFileName(name: string): string {
  const cleaned = [...name.normalize('NFC')]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f && char !== '/' && char !== '\\')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}
