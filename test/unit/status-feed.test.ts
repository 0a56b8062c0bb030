import type { EventEmitter } from 'node:events';
import { type ExecutionResult, parse, subscribe } from 'graphql';
import { PUBLIC_CALLER } from '../../src/modules/auth/caller';
import { MAX_QUEUED_MESSAGES, StatusFeed, type StatusChangedMessage } from '../../src/modules/live/status-feed';
import { createSchema } from '../../src/schema';

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
    expect(((await subscription.next()).value as StatusChangedMessage).sequence).toBe(1);
    expect(((await subscription.next()).value as StatusChangedMessage).sequence).toBe(3);
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
    expect(((await subscription.next()).value as StatusChangedMessage).sequence).toBe(1);
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

describe('a subscription whose client stops reading', () => {
  it(`is ended once it falls more than ${MAX_QUEUED_MESSAGES} changes behind: it stops listening, holds nothing, and gives FellBehind, then nothing`, async () => {
    const { statusFeed, emit } = feed();
    const subscription = statusFeed.subscribe(() => true);
    for (let sequence = 1; sequence <= MAX_QUEUED_MESSAGES + 1; sequence++) emit(sequence);
    expect(statusFeed.subscribers).toBe(0);
    expect(await subscription.next()).toEqual({ done: false, value: { fellBehind: MAX_QUEUED_MESSAGES } });
    await expect(subscription.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('keeps up to the bound: every change it falls behind by is still given, in order', async () => {
    const { statusFeed, emit } = feed();
    const subscription = statusFeed.subscribe(() => true);
    for (let sequence = 1; sequence <= MAX_QUEUED_MESSAGES; sequence++) emit(sequence);
    const sequences: number[] = [];
    for (let i = 0; i < MAX_QUEUED_MESSAGES; i++) sequences.push(((await subscription.next()).value as StatusChangedMessage).sequence);
    expect(sequences).toEqual(Array.from({ length: MAX_QUEUED_MESSAGES }, (_, i) => i + 1));
    expect(statusFeed.subscribers).toBe(1);
    await subscription.return?.();
  });

  it('gets SUBSCRIPTION_FELL_BEHIND through the schema, as its last event', async () => {
    const schema = await createSchema();
    const { statusFeed, emit } = feed();
    const contextValue = { caller: PUBLIC_CALLER, services: { statusFeed }, loaders: undefined, startEvent: () => undefined };
    const document = parse('subscription { commitmentStatusChanged { statusChange { toStatus } } }');
    const stream = (await subscribe({ schema, document, contextValue })) as AsyncIterableIterator<ExecutionResult>;
    for (let sequence = 1; sequence <= MAX_QUEUED_MESSAGES + 1; sequence++) emit(sequence);
    const { value } = (await stream.next()) as IteratorYieldResult<ExecutionResult>;
    expect(value.errors?.map((error) => error.extensions.code)).toEqual(['SUBSCRIPTION_FELL_BEHIND']);
    expect(value.errors?.[0].message).toMatch(/fell 1000 status changes behind/);
    await expect(stream.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
