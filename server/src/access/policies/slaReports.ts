/**
 * Who reads SLA reports: the provider team. A report is about how the team kept its promises across
 * requests (met and breached counts, times, weeks); the customer's people follow each of their own
 * requests' clocks on the request itself, so the report stays the team's, like the queue.
 */
import { mayWorkInProject } from './projects.ts';
import { mayReadWorkspace } from './workspaces.ts';

/** A project's report: the team of the project (a customer's person is refused, an outsider gets 404). */
export const mayReadProjectSlaReport = mayWorkInProject;

/** A workspace's report, whole or for one customer organisation: the workspace's members. */
export const mayReadWorkspaceSlaReport = mayReadWorkspace;
