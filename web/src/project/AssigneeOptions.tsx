/**
 * The options of an assignee list: unassigned, the provider's team, then the customer's people —
 * the same choice on a task (where the customer's people need the item to be shared) and on a
 * request (always shared).
 */
import type { Person } from '../app/api.ts';

export function AssigneeOptions({
  people,
  customerLabel,
  customersDisabled = false,
}: {
  people: Person[];
  customerLabel: string;
  customersDisabled?: boolean;
}) {
  const teamPeople = people.filter((person) => person.side === 'team');
  const customerPeople = people.filter((person) => person.side === 'customer');
  return (
    <>
      <option value="">Unassigned</option>
      <optgroup label="Team">
        {teamPeople.map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.name}
          </option>
        ))}
      </optgroup>
      {customerPeople.length > 0 && (
        <optgroup label={customerLabel}>
          {customerPeople.map((person) => (
            <option key={person.userId} value={person.userId} disabled={customersDisabled}>
              {person.name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}
