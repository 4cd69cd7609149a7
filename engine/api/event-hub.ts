import type { ApiEvent, ApiEventListener, ApiEventName, ApiEvents } from './contract.js';

/** The engine's events to every transport listening (one IPC forwarder, many WebSocket clients). */
export class EventHub {
  private readonly listeners = new Set<ApiEventListener>();

  /** Listens to every event from now on; returns the function that stops listening. */
  on(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    const message = { event, payload } as ApiEvent;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One transport's failure (a closed socket) must not keep the event from the others.
      }
    }
  }
}
