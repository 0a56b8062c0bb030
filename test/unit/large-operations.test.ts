import { Turnstile } from '../../src/http/large-operations';

describe('Turnstile: at most n holders, the rest wait in the order they came', () => {
  it('lets n in at once, queues the next, and hands each freed slot to the longest waiter', async () => {
    const turnstile = new Turnstile(2);
    const order: string[] = [];
    const first = await turnstile.enter();
    const second = await turnstile.enter();
    const entered = (name: string) => (leave: () => void) => {
      order.push(name);
      return leave;
    };
    const third = turnstile.enter().then(entered('third'));
    const fourth = turnstile.enter().then(entered('fourth'));
    await Promise.resolve();
    expect(turnstile.state).toEqual({ inside: 2, waiting: 2 });
    expect(order).toEqual([]);

    first();
    first(); // a second call gives nothing back twice
    const leaveThird = await third;
    expect(order).toEqual(['third']);
    expect(turnstile.state).toEqual({ inside: 2, waiting: 1 });

    second();
    const leaveFourth = await fourth;
    expect(order).toEqual(['third', 'fourth']);
    leaveThird();
    leaveFourth();
    expect(turnstile.state).toEqual({ inside: 0, waiting: 0 });
  });
});
