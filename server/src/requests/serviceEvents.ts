/**
 * Service events: what happened to requests, told in-process to whoever wants to act on it
 * (notifications, issue 15). Emitted after the change is committed, so a listener never hears of
 * something that was rolled back. Listeners run synchronously in emit order; one that throws is
 * logged by the emitter's owner and does not stop the others.
 */
import { EventEmitter } from 'node:events';
import type { RequestStatus } from '@atrium/shared/model/requests.ts';

type RequestRef = { requestId: string; projectId: string; workspaceId: string };

export type ServiceEventMap = {
  /** A threshold of a clock was crossed, once per (clock, level, reopen cycle). */
  'request.escalated': RequestRef & {
    clock: 'first_response' | 'resolution';
    level: 'at_risk' | 'breached';
    cycle: number;
    assigneeId: string | null;
    teamId: string | null;
    at: number;
  };
  'request.created': RequestRef & { actorId: string; requestedBy: string | null };
  'request.status': RequestRef & { actorId: string; from: RequestStatus; to: RequestStatus };
  'request.assigned': RequestRef & { actorId: string; assigneeId: string | null; teamId: string | null };
};

export type ServiceEventName = keyof ServiceEventMap;

export class ServiceEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (error: unknown, event: ServiceEventName) => void = () => {}) {
    // Many consumers may subscribe (notifications, activity, tests); none of them is a leak.
    this.emitter.setMaxListeners(0);
  }

  on<E extends ServiceEventName>(event: E, listener: (payload: ServiceEventMap[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends ServiceEventName>(event: E, payload: ServiceEventMap[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (p: ServiceEventMap[E]) => void)(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
