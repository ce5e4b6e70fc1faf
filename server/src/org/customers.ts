/**
 * Customers: the organisations a workspace serves. Only the provider's team sees the list; a
 * customer's people never learn that other customers exist.
 */
import { newId } from '../identity/secrets.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

export type Customer = { id: string; workspaceId: string; name: string; createdAt: number };
type Row = { id: string; workspace_id: string; name: string; created_at: number };
const toCustomer = (row: Row): Customer => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  createdAt: row.created_at,
});

export function createCustomer(db: SqliteDatabase, workspaceId: string, name: string): Customer {
  const customer = { id: newId('cus'), workspaceId, name: name.trim(), createdAt: Date.now() };
  sql(db, 'INSERT INTO customers (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)').run(
    customer.id,
    workspaceId,
    customer.name,
    customer.createdAt,
  );
  return customer;
}

export function getCustomer(db: SqliteDatabase, id: string): Customer | undefined {
  const row = sql<[string], Row>(db, 'SELECT * FROM customers WHERE id = ?').get(id);
  return row ? toCustomer(row) : undefined;
}

export function listCustomers(db: SqliteDatabase, workspaceId: string): Customer[] {
  return sql<[string], Row>(db, 'SELECT * FROM customers WHERE workspace_id = ? ORDER BY name')
    .all(workspaceId)
    .map(toCustomer);
}
