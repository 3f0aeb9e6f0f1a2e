import t from 'tap';
import { scalarText, secretEntries, secretKeyValue } from '../../src/env/json.js';
import type { Secret } from '../../src/stores/store.js';

const secret = (value: string): Secret => ({ name: 's', arn: undefined, versionId: undefined, value });

t.test('scalars: strings as is, numbers and booleans as JSON text', async (t) => {
  t.equal(scalarText('x', 's', 'k', 'V'), 'x');
  t.equal(scalarText('', 's', 'k', 'V'), '');
  t.equal(scalarText(5432, 's', 'k', 'V'), '5432');
  t.equal(scalarText(1e21, 's', 'k', 'V'), '1e+21');
  t.equal(scalarText(false, 's', 'k', 'V'), 'false');
  for (const bad of [null, [], {}]) t.throws(() => scalarText(bad, 's', 'k', 'V'));
});

t.test('a key: found, missing (keys listed, at most 20), in order', async (t) => {
  t.equal(secretKeyValue(secret('{"a":"1","b":2}'), 'b', 'V'), '2');
  const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, 'secret-value']));
  const error = t.throws(() => secretKeyValue(secret(JSON.stringify(many)), 'zz', 'V')) as Error;
  t.match(error.message, /its keys are k0, k1, .*k19 and 5 more$/);
  t.notMatch(error.message, /secret-value/);
  t.throws(() => secretKeyValue(secret('{}'), 'k', 'V'), { message: 'V: secret s has no JSON key "k"; it has no keys' });
  t.throws(() => secretKeyValue(secret('"str"'), 'k', 'V'), { message: 'V: secret s is a JSON string, not a JSON object, so it has no key "k"' });
});

t.test("JSON.parse's message (which quotes the text) never reaches the user", async (t) => {
  const error = t.throws(() => secretEntries(secret('{"password": "p4ss'), 'V')) as Error;
  t.notMatch(error.message, /p4ss/);
  t.equal(error.cause, undefined);
});

t.test('entries keep the order of the object', async (t) => {
  t.same(secretEntries(secret('{"b":"1","a":true}'), 'V'), [['b', '1'], ['a', 'true']]);
});
