/**
 * Customers: the organisations a workspace serves. Only the provider's team sees the list; a
 * customer's people never learn that other customers exist.
 */

import type { Selectable } from 'kysely';
import { newId } from '../identity/secrets.ts';
import type { Db } from '../storage/database.ts';
import type { CustomersTable } from '../storage/schema.ts';

export type Customer = { id: string; workspaceId: string; name: string; createdAt: number };
const toCustomer = (row: Selectable<CustomersTable>): Customer => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  createdAt: row.created_at,
});

export async function createCustomer(db: Db, workspaceId: string, name: string): Promise<Customer> {
  const customer = { id: newId('cus'), workspaceId, name: name.trim(), createdAt: Date.now() };
  await db
    .insertInto('customers')
    .values({ id: customer.id, workspace_id: workspaceId, name: customer.name, created_at: customer.createdAt })
    .execute();
  return customer;
}

export async function getCustomer(db: Db, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCustomer(row) : undefined;
}

export async function listCustomers(db: Db, workspaceId: string): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .execute();
  return rows.map(toCustomer);
}
