// At most N calls in flight; the others start in the order they were asked for, each as
// soon as one ends (counted, not timed).
import t from 'tap';
import { createLimit } from '../../src/stores/limit.js';

const deferred = () => {
  let resolve!: (v: string) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

t.test('at most max at once, the rest in order', async (t) => {
  const limit = createLimit(2);
  const calls = Array.from({ length: 5 }, () => deferred());
  const started: number[] = [];
  const results = calls.map((call, i) =>
    limit(() => {
      started.push(i);
      return call.promise;
    }),
  );
  const outcomes = Promise.allSettled(results);
  await settle();
  t.same(started, [0, 1], 'two in flight');
  calls[1]!.resolve('one');
  await settle();
  t.same(started, [0, 1, 2], 'one ends, the next starts');
  calls[0]!.reject(new Error('failed'));
  await settle();
  t.same(started, [0, 1, 2, 3], 'a failure frees its place too');
  calls[2]!.resolve('two');
  calls[3]!.resolve('three');
  calls[4]!.resolve('four');
  t.same(await outcomes, [
    { status: 'rejected', reason: new Error('failed') },
    { status: 'fulfilled', value: 'one' },
    { status: 'fulfilled', value: 'two' },
    { status: 'fulfilled', value: 'three' },
    { status: 'fulfilled', value: 'four' },
  ]);
  t.same(started, [0, 1, 2, 3, 4]);
});

t.test('a task that throws at once frees its place', async (t) => {
  const limit = createLimit(1);
  await t.rejects(
    limit(() => Promise.reject(new Error('no'))),
    { message: 'no' },
  );
  t.equal(await limit(async () => 'next'), 'next');
});

t.test('never more in flight than max, under many tasks', async (t) => {
  const limit = createLimit(3);
  let inFlight = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      limit(async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        for (let k = 0; k < (i % 4) + 1; k++) await settle();
        inFlight--;
      }),
    ),
  );
  t.equal(most, 3);
  t.equal(inFlight, 0);
});
