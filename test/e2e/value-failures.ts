// What a user sees when a secret's value does not fit the reference: the same messages
// whether the secrets come from AWS or from the offline file (references*.test.ts).
export const VALUE_FAILURE_ENV = {
  KEY: 'sm://prod/db:pasword',
  TEXT_KEY: 'sm://prod/token:key',
  CERT: 'sm://prod/cert',
};

export const VALUE_FAILURE_MESSAGES = [
  'KEY: secret prod/db has no JSON key "pasword"; its keys are username, password, port, ssl, level',
  'TEXT_KEY: secret prod/token is not JSON (plain text), so it has no key "key"',
  'CERT: secret prod/cert holds binary data (SecretBinary)',
  'secret entry prod/nested: key "deep" of secret prod/nested is a JSON object',
];
