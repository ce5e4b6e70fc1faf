/**
 * The REST API under /api: resolves the caller, mounts every resource's routes, turns validation
 * failures into 400s in the shared error shape (with sentences from validationMessages.ts), and serves the OpenAPI document generated from the
 * same zod schemas at /api/openapi.json.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { Invalid } from '../errors.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { callerMiddleware } from './callerMiddleware.ts';
import type { ApiEnv, ApiServices } from './context.ts';
import { customerHealthRoutes } from './customerHealth.ts';
import { documentRoutes } from './documents.ts';
import { feedbackRoutes } from './feedback.ts';
import { fileRoutes } from './files.ts';
import { inviteRoutes } from './invites.ts';
import { itemRoutes } from './items.ts';
import { passwordResetRoutes } from './passwordResets.ts';
import { projectRoutes } from './projects.ts';
import { requestChangeRoutes } from './requestChanges.ts';
import { requestRoutes } from './requests.ts';
import { requestTypeRoutes } from './requestTypes.ts';
import { serviceTeamRoutes } from './serviceTeams.ts';
import { slaPolicyRoutes } from './slaPolicies.ts';
import { slaReportRoutes } from './slaReports.ts';
import { tokenRoutes } from './tokens.ts';
import { installHumanValidationMessages } from './validationMessages.ts';
import { workspaceRoutes } from './workspaces.ts';

export function createApiApp(services: ApiServices): OpenAPIHono<ApiEnv> {
  installHumanValidationMessages();
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      // Each message is already a sentence naming its field (validationMessages.ts): shown as is.
      const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      throw Invalid([...new Set(details.map((d) => d.message))].join(' '), details);
    },
  });
  api.use('*', callerMiddleware(services));
  for (const routes of [
    authRoutes,
    tokenRoutes,
    workspaceRoutes,
    projectRoutes,
    inviteRoutes,
    itemRoutes,
    requestRoutes,
    requestChangeRoutes,
    requestTypeRoutes,
    slaPolicyRoutes,
    slaReportRoutes,
    documentRoutes,
    fileRoutes,
    auditRoutes,
    serviceTeamRoutes,
    feedbackRoutes,
    customerHealthRoutes,
    passwordResetRoutes,
  ]) {
    api.route('/', routes);
  }
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    // Paths are relative to /api, where this document is served from.
    servers: [{ url: '/api' }],
    info: { title: 'Atrium API', version: '0.1.0', description: 'Workspaces, people, projects, invites and audit.' },
  });
  return api;
}
