/**
 * First run: on an empty data directory, create a demo workspace with a provider user and a
 * customer user, so a newcomer can sign in as each and try both sides at once. Turned off with
 * ATRIUM_DEMO=off (production).
 */
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { orderBetween } from '@atrium/shared/model/ordering.ts';
import { Plan, type PlanItem } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import * as Y from 'yjs';
import { inAccessTransaction } from '../access/accessChanges.ts';
import { takeApprovalStep } from '../content/approvals.ts';
import type { ServerDocuments } from '../content/serverDocuments.ts';
import { createUser } from '../identity/accounts.ts';
import { newId } from '../identity/secrets.ts';
import { createCustomer } from '../org/customers.ts';
import { createProject, setProjectRole } from '../org/projects.ts';
import { createWorkspace } from '../org/workspaces.ts';
import type { Db } from '../storage/database.ts';

export const demoAccounts = {
  provider: { name: 'Pat Provider', email: 'provider@demo.atrium.test', password: 'atrium-provider-demo' },
  customer: { name: 'Casey Customer', email: 'customer@demo.atrium.test', password: 'atrium-customer-demo' },
};

/**
 * Seeds the demo if the database has no accounts yet — accounts, workspace, customer, and a project
 * plan with shared and internal work in it — and returns whether it did.
 */
export async function seedDemoIfEmpty(db: Db, documents: ServerDocuments): Promise<boolean> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyone) return false;
  const provider = await createUser(db, demoAccounts.provider);
  const customer = await createUser(db, demoAccounts.customer);
  const project = await inAccessTransaction(db, async (tx) => {
    const workspace = await createWorkspace(tx, 'Northwind Studio', provider.id);
    const acme = await createCustomer(tx, workspace.id, 'Acme Corp');
    const created = await createProject(tx, {
      workspaceId: workspace.id,
      customerId: acme.id,
      name: 'Website relaunch',
    });
    await setProjectRole(tx, created.id, customer.id, 'collaborator');
    return created;
  });
  const ids = await seedPlan(documents, project.id, provider.id, customer.id);
  // Submitted for approval through the same action as the team's button, so the customer's
  // "Approve" has a real approval record behind it and the board status follows from it.
  for (const [index, item] of demoItems.entries()) {
    if (item.submitForApproval)
      await takeApprovalStep(
        { db, documents, project, itemId: ids[index] as string, actorId: provider.id },
        { kind: 'submit' },
      );
  }
  return true;
}

type DemoItem = Pick<PlanItem, 'kind' | 'title' | 'status' | 'shared'> & {
  dueInDays: number | null;
  description?: string;
  clientMessage?: string;
  internalMessage?: string;
  assigned?: boolean;
  /** Submitted for the customer's approval once seeded (which moves it to review). */
  submitForApproval?: boolean;
};

const demoItems: DemoItem[] = [
  { kind: 'task', title: 'Kick-off workshop', status: 'done', shared: true, dueInDays: -10 },
  {
    kind: 'deliverable',
    title: 'Approve homepage wireframes',
    status: 'in-progress',
    shared: true,
    dueInDays: 2,
    description: 'Three wireframe options for the new homepage. Please pick one, or tell us what to change.',
    clientMessage: 'The wireframes are ready for your review — option B is our recommendation.',
    internalMessage: 'Option B reuses the old hero component: saves us about two days.',
    assigned: true,
    submitForApproval: true,
  },
  {
    kind: 'task',
    title: 'Send brand assets (logo, fonts)',
    status: 'waiting-on-customer',
    shared: true,
    dueInDays: -1,
    description: 'We need the logo in SVG and the licensed web fonts to start the visual design.',
  },
  {
    kind: 'task',
    title: 'Set up staging server',
    status: 'in-progress',
    shared: false,
    dueInDays: 5,
    internalMessage: 'Keep hosting under $50/month — Acme’s budget is tight this quarter.',
    assigned: true,
  },
  { kind: 'document', title: 'Content migration plan', status: 'todo', shared: false, dueInDays: null },
  { kind: 'task', title: 'Confirm launch date', status: 'todo', shared: true, dueInDays: 14 },
];

async function seedPlan(
  documents: ServerDocuments,
  projectId: string,
  providerId: string,
  customerId: string,
): Promise<string[]> {
  const day = 86_400_000;
  const ids = demoItems.map(() => newId('itm'));
  for (const [index, item] of demoItems.entries()) {
    const id = ids[index] as string;
    if (item.description || item.clientMessage) {
      await documents.change(projectDocumentName.itemShared(projectId, id), providerId, (doc) => {
        const part = new ItemSharedPart(doc);
        if (item.description) part.description.insert(0, [paragraph(item.description)]);
        if (item.clientMessage)
          part.clientThread.add({ id: newId('msg'), authorId: providerId, body: item.clientMessage });
      });
    }
    if (item.internalMessage) {
      await documents.change(projectDocumentName.itemInternal(projectId, id), providerId, (doc) => {
        new ItemInternalPart(doc).internalThread.add({
          id: newId('msg'),
          authorId: providerId,
          body: item.internalMessage as string,
        });
      });
    }
  }
  await documents.change(projectDocumentName.plan(projectId), providerId, (doc) => {
    const plan = new Plan(doc);
    let order: string | null = null;
    for (const [index, item] of demoItems.entries()) {
      order = orderBetween(order, null);
      plan.addItem({
        id: ids[index] as string,
        kind: item.kind,
        title: item.title,
        status: item.status,
        shared: item.shared,
        order,
        dueDate:
          item.dueInDays === null ? null : new Date(Date.now() + item.dueInDays * day).toISOString().slice(0, 10),
        assignees: item.assigned ? [providerId] : [],
        milestoneId: null,
        createdBy: item.status === 'todo' && item.shared ? customerId : providerId,
        createdAt: Date.now() - (demoItems.length - index) * day,
      });
    }
  });
  return ids;
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

export function demoBanner(publicUrl: string): string {
  const { provider, customer } = demoAccounts;
  return [
    '',
    `  Atrium demo is ready at ${publicUrl}`,
    `  Provider (team):   ${provider.email} / ${provider.password}`,
    `  Customer (client): ${customer.email} / ${customer.password}`,
    '  Open it in two browser windows (one private) and sign in as each to work the project together.',
    `  The API is described at ${publicUrl}/api/openapi.json.`,
    '  Set ATRIUM_DEMO=off to start without demo data.',
    '',
  ].join('\n');
}
