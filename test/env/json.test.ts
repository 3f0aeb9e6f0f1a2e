import t from 'tap';
import { scalarText, secretEntries, secretKeyValue, topLevelEntries } from '../../src/env/json.js';
import type { Secret } from '../../src/stores/store.js';

const secret = (value: string): Secret => ({ name: 's', arn: undefined, versionId: undefined, value });

t.test('scalars: strings decoded, numbers and booleans as written', async (t) => {
  t.equal(scalarText('"x"', 's', 'k', 'V'), 'x');
  t.equal(scalarText('""', 's', 'k', 'V'), '');
  t.equal(scalarText('"a\\"b\\u00e9"', 's', 'k', 'V'), 'a"bé');
  t.equal(scalarText('5432', 's', 'k', 'V'), '5432');
  t.equal(scalarText('1e21', 's', 'k', 'V'), '1e21');
  t.equal(scalarText('false', 's', 'k', 'V'), 'false');
  for (const bad of ['null', '[]', '{}', '[1, 2]', '{"a": 1}']) {
    t.throws(() => scalarText(bad, 's', 'k', 'V'), { message: /^V: key "k" of secret s is (null|a JSON array|a JSON object); a variable takes/ });
  }
});

t.test('numbers keep their text: no rounding to a double, no null for infinity', async (t) => {
  const cases: Record<string, string> = {
    big: '12345678901234567890',
    huge: '1e400',
    tiny: '1e-400',
    money: '1.50',
    negativeZero: '-0',
    exponent: '2.5E+3',
    negative: '-17',
    precise: '0.1000000000000000055511151231257827',
    id: '9007199254740993',
  };
  const text = `{${Object.entries(cases)
    .map(([k, v]) => `"${k}": ${v}`)
    .join(', ')}}`;
  t.same(Object.fromEntries(secretEntries(secret(text), 'V')), cases);
  for (const [key, value] of Object.entries(cases)) t.equal(secretKeyValue(secret(text), key, 'V'), value, key);
});

t.test('the scanner: whitespace, nesting, escapes, repeated keys', async (t) => {
  const text = ' \n{ "a" :\t[1, {"x": "]}"}] , "q\\"}": "v\\\\" ,"n":{"deep":[[]]},"a":2, "e":"" }\r\n';
  t.same(
    [...topLevelEntries(text)],
    [
      ['a', '2'],
      ['q"}', '"v\\\\"'],
      ['n', '{"deep":[[]]}'],
      ['e', '""'],
    ],
  );
  t.same([...topLevelEntries('{}')], []);
  t.same([...topLevelEntries('{ }')], []);
  // As JSON.parse: the first position, the last value.
  t.same(secretEntries(secret('{"k":"1","o":"x","k":"2"}'), 'V'), [
    ['k', '2'],
    ['o', 'x'],
  ]);
  t.equal(secretKeyValue(secret('{"k":1,"k":2.0}'), 'k', 'V'), '2.0');
});

t.test('a nested value is an error naming the key, not its JSON text', async (t) => {
  t.throws(() => secretEntries(secret('{"ok":"1","obj":{"password":"p4ss"}}'), 'V'), {
    message: 'V: key "obj" of secret s is a JSON object; a variable takes a string, number or boolean',
  });
  t.throws(() => secretKeyValue(secret('{"list":[1.50]}'), 'list', 'V'), { message: /key "list" of secret s is a JSON array/ });
  t.throws(() => secretKeyValue(secret('{"nothing":null}'), 'nothing', 'V'), { message: /key "nothing" of secret s is null/ });
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
  t.same(secretEntries(secret('{"b":"1","a":true}'), 'V'), [
    ['b', '1'],
    ['a', 'true'],
  ]);
});
