/**
 * First run: on an empty data directory, create a demo workspace with a provider user and a
 * customer user, so a newcomer can sign in as each and try both sides at once. Turned off with
 * ATRIUM_DEMO=off (production).
 */
import { createUser } from '../identity/accounts.ts';
import { createCustomer } from '../org/customers.ts';
import { createProject, setProjectRole } from '../org/projects.ts';
import { createWorkspace } from '../org/workspaces.ts';
import type { SqliteDatabase } from '../storage/sqlite/database.ts';
import { sql } from '../storage/sqlite/statements.ts';

export const demoAccounts = {
  provider: { name: 'Pat Provider', email: 'provider@demo.atrium.test', password: 'atrium-provider-demo' },
  customer: { name: 'Casey Customer', email: 'customer@demo.atrium.test', password: 'atrium-customer-demo' },
};

/** Seeds the demo if the database has no accounts yet; returns whether it did. */
export async function seedDemoIfEmpty(db: SqliteDatabase): Promise<boolean> {
  const users = sql<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM users').get()?.n ?? 0;
  if (users > 0) return false;
  const provider = await createUser(db, demoAccounts.provider);
  const customer = await createUser(db, demoAccounts.customer);
  db.transaction(() => {
    const workspace = createWorkspace(db, 'Northwind Studio', provider.id);
    const acme = createCustomer(db, workspace.id, 'Acme Corp');
    const project = createProject(db, { workspaceId: workspace.id, customerId: acme.id, name: 'Website relaunch' });
    setProjectRole(db, project.id, customer.id, 'collaborator');
  })();
  return true;
}

export function demoBanner(publicUrl: string): string {
  const { provider, customer } = demoAccounts;
  return [
    '',
    `  Atrium demo is ready at ${publicUrl}`,
    `  Provider (team):   ${provider.email} / ${provider.password}`,
    `  Customer (client): ${customer.email} / ${customer.password}`,
    `  Sign in as each through the API (POST ${publicUrl}/api/auth/signin); the API is described at`,
    `  ${publicUrl}/api/openapi.json and the README shows the calls.`,
    '  Set ATRIUM_DEMO=off to start without demo data.',
    '',
  ].join('\n');
}
