import type { EventEmitter } from 'node:events';
import { StatusFeed, type StatusChangedMessage } from '../../src/modules/live/status-feed';

/** Subscriptions to the feed as graphql-ws consumes them, without the database: messages are emitted as the LISTEN connection would. */
function feed() {
  const statusFeed = new StatusFeed('postgres://not-connected');
  const events = (statusFeed as unknown as { events: EventEmitter }).events;
  const emit = (sequence: number, countryCodes = ['DE']) =>
    events.emit('message', { sequence, subjectType: 'COMMITMENT', countryCodes } as unknown as StatusChangedMessage);
  return { statusFeed, emit };
}

describe('StatusFeed.subscribe', () => {
  it('gives the messages its filter accepts, in order', async () => {
    const { statusFeed, emit } = feed();
    const subscription = statusFeed.subscribe((message) => message.countryCodes.includes('DE'));
    emit(1);
    emit(2, ['FR']);
    emit(3);
    expect((await subscription.next()).value.sequence).toBe(1);
    expect((await subscription.next()).value.sequence).toBe(3);
    await subscription.return?.();
  });

  it('stops listening on return() while a next() waits, and that next() ends', async () => {
    const { statusFeed } = feed();
    const subscription = statusFeed.subscribe(() => false);
    const waiting = subscription.next();
    expect(statusFeed.subscribers).toBe(1);
    await subscription.return?.();
    expect(statusFeed.subscribers).toBe(0);
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('gives nothing after return(), not even messages that had queued', async () => {
    const { statusFeed, emit } = feed();
    const subscription = statusFeed.subscribe(() => true);
    for (let sequence = 1; sequence <= 5; sequence++) emit(sequence);
    expect((await subscription.next()).value.sequence).toBe(1);
    await subscription.return?.();
    await expect(subscription.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('stops listening when its filter throws, and rejects with the error', async () => {
    const { statusFeed, emit } = feed();
    const subscription = statusFeed.subscribe(() => {
      throw new Error('filter failed');
    });
    emit(1);
    await expect(subscription.next()).rejects.toThrow('filter failed');
    expect(statusFeed.subscribers).toBe(0);
  });
});
