/**
 * Files on items. Upload is the raw bytes (`Content-Type` is the file's type, `?name=` its name,
 * `?part=shared|internal` where it goes); the server checks the caller may write that part (a
 * customer collaborator: a shared item's shareable part; viewers never; internal parts: the team),
 * the size limit (`MAX_UPLOAD_BYTES`) and the type — against the bytes, not only the declared type —
 * stores the bytes, and writes the attachment entry into the part's document itself, so nobody can
 * attach a file as someone else (clients may not write the `attachments` list: WriteRules).
 *
 * Download checks the same access every time: a customer gets a file only while its item is shared
 * with them and only from the shareable part; anyone else gets the 404 a missing file gets.
 * Files are served with `nosniff`, a sandboxing CSP, and as downloads unless they are images or PDF.
 */
import { type Attachment, ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type * as Y from 'yjs';
import { enforce } from '../access/policies/decision.ts';
import { type ItemPart, mayDownloadFile, mayRemoveFile, mayUploadFile } from '../access/policies/itemParts.ts';
import { recordAudit } from '../audit/auditLog.ts';
import {
  baseType,
  cleanFileName,
  type FileRecord,
  getFile,
  inlineTypes,
  insertFile,
  markRemoved,
  sha256,
  tooLarge,
  uploadProblem,
} from '../content/files.ts';
import { changeWithRows } from '../content/serverDocuments.ts';
import { AppError, NotFound } from '../errors.ts';
import { newId } from '../identity/secrets.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { itemAccess } from './itemAccess.ts';
import { errors, id, json } from './schemas.ts';

const AttachmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number(),
    contentType: z.string(),
    uploadedBy: z.string(),
    uploadedAt: z.number(),
  })
  .openapi('Attachment');
const part = z.enum(['shared', 'internal']).default('shared');

export const fileRoutes = new OpenAPIHono<ApiEnv>();

/** An upload request (under /api): it carries its own, larger body limit, so the general one skips it. */
export const isUpload = (method: string, path: string): boolean =>
  method === 'POST' && /^\/api\/projects\/[^/]+\/items\/[^/]+\/files$/.test(path);

// A body larger than the limit is cut off while it streams in (with or without Content-Length).
fileRoutes.use('/projects/:projectId/items/:itemId/files', (c, next) => {
  const maxSize = services(c).config.maxUploadBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  })(c, next);
});

const partOf = (doc: Y.Doc, which: ItemPart) =>
  which === 'shared' ? new ItemSharedPart(doc) : new ItemInternalPart(doc);

fileRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items/{itemId}/files',
    tags: ['files'],
    request: {
      params: z.object({ projectId: id, itemId: id }),
      query: z.object({ name: z.string().trim().min(1).max(500), part }),
    },
    responses: {
      201: json(AttachmentSchema, 'Stored and attached to the part'),
      ...errors,
      413: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Larger than allowed'),
      415: json(
        z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
        'A type Atrium does not accept',
      ),
    },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const { name, part: which } = c.req.valid('query');
    const access = await itemAccess(c, projectId, itemId, which);
    enforce(mayUploadFile(access));
    const { db, documents, files, config } = services(c);
    const declaredLength = Number(c.req.header('content-length') ?? '0');
    if (declaredLength > config.maxUploadBytes) throw tooLarge(config.maxUploadBytes);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const contentType = baseType(c.req.header('content-type'));
    const problem = uploadProblem(contentType, bytes, config.maxUploadBytes);
    if (problem) throw problem;

    const { user } = caller(c);
    const record = {
      id: newId('fil'),
      projectId: access.project.id,
      itemId,
      part: which,
      name: cleanFileName(name),
      contentType,
      size: bytes.byteLength,
      sha256: sha256(bytes),
      uploadedBy: user.id,
      uploadedAt: Date.now(),
    } satisfies Omit<FileRecord, 'removedAt'>;
    await files.put(record.id, bytes);
    const attachment: Attachment = {
      id: record.id,
      name: record.name,
      size: record.size,
      contentType: record.contentType,
      uploadedBy: record.uploadedBy,
      uploadedAt: record.uploadedAt,
    };
    try {
      // The record is committed with the change that attaches the file: both or neither.
      await changeWithRows(
        db,
        documents,
        { document: access.document, actorId: user.id, edit: (doc) => partOf(doc, which).attachments.add(attachment) },
        (db) => insertFile(db, record),
      );
    } catch (error) {
      await files.remove(record.id);
      throw error;
    }
    await recordAudit(db, {
      action: 'file.uploaded',
      actorId: user.id,
      workspaceId: access.project.workspaceId,
      target: { type: 'file', id: record.id },
      details: { projectId, itemId, part: which, name: record.name, size: record.size, contentType },
      ip: clientAddress(c),
    });
    return c.json(attachment, 201);
  },
);

/** The file and the caller's access to the part it is attached to; 404 for anyone who may not read it. */
async function fileAccess(c: ApiContext, fileId: string) {
  const file = await getFile(services(c).db, fileId);
  if (!file) throw NotFound('File not found.');
  try {
    return { file, access: await itemAccess(c, file.projectId, file.itemId, file.part) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw NotFound('File not found.');
    throw error;
  }
}

fileRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/files/{fileId}',
    tags: ['files'],
    request: { params: z.object({ fileId: id }) },
    responses: {
      200: { description: 'The file’s bytes, with its type' },
      401: errors[401],
      404: errors[404],
      410: json(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Removed'),
    },
  }),
  async (c) => {
    const { file, access } = await fileAccess(c, c.req.valid('param').fileId);
    enforce(mayDownloadFile(access));
    if (file.removedAt !== null) throw new AppError('gone', 'This file was removed from the item.');
    const bytes = await services(c).files.get(file.id);
    if (!bytes) throw new AppError('gone', 'This file is no longer stored.');
    const disposition = inlineTypes.has(file.contentType) ? 'inline' : 'attachment';
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.contentType,
      'content-length': String(bytes.byteLength),
      'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'cache-control': 'private, max-age=3600',
      etag: `"${file.sha256}"`,
    });
  },
);

fileRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/files/{fileId}',
    tags: ['files'],
    request: { params: z.object({ fileId: id }) },
    responses: { 204: { description: 'Removed from the item, and its bytes deleted' }, ...errors },
  }),
  async (c) => {
    const { file, access } = await fileAccess(c, c.req.valid('param').fileId);
    const { user } = caller(c);
    enforce(mayRemoveFile(access, file, user.id));
    const { db, documents, files } = services(c);
    if (file.removedAt === null) {
      // Marked removed with the change that detaches it: both or neither.
      await changeWithRows(
        db,
        documents,
        {
          document: access.document,
          actorId: user.id,
          edit: (doc) => partOf(doc, file.part).attachments.remove(file.id),
        },
        (db) => markRemoved(db, file.id),
      );
      await files.remove(file.id);
      await recordAudit(db, {
        action: 'file.removed',
        actorId: user.id,
        workspaceId: access.project.workspaceId,
        target: { type: 'file', id: file.id },
        details: { projectId: file.projectId, itemId: file.itemId, part: file.part, name: file.name },
        ip: clientAddress(c),
      });
    }
    return c.body(null, 204);
  },
);
