import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import { findExecutable, pathSource } from '../../src/exec/lookup.js';

const variable = (origin: Variable['origin'], kept = false): Variable => ({ name: 'PATH', value: '/secret', origin, replaced: false, kept });

t.test('a PATH this tool set is named by its source', async (t) => {
  t.equal(pathSource([variable({ kind: 'prefix', source: '/app', item: '/app/PATH', version: '1', type: 'String' })]), 'parameter /app/PATH under prefix /app');
  t.equal(pathSource([variable({ kind: 'reference', source: 'ssm://app/path', item: '/app/path', version: '1', type: 'String' })]), 'the reference ssm://app/path');
  t.equal(pathSource([variable({ kind: 'secret', source: 'prod/env', item: 'prod/env:PATH', version: 'v1', type: 'SecretString' })]), 'key "PATH" of secret prod/env');
  t.equal(pathSource([variable({ kind: 'secret', source: 'prod/env', item: 'prod/env:PATH', version: 'v1', type: 'SecretString' }, true)]), undefined, 'kept by --no-overwrite: the inherited one');
  t.throws(() => findExecutable(['nope-not-here'], { PATH: '/secret/x' }, { pathSource: 'the reference ssm://app/path' }), {
    exitCode: 127,
    message: "command 'nope-not-here' not found on PATH (set by the reference ssm://app/path; its value is not shown)",
  });
  t.throws(() => findExecutable(['nope-not-here'], { PATH: '/usr/bin:/bin' }), { message: "command 'nope-not-here' not found on PATH (/usr/bin:/bin)" }, "the image's own PATH is shown");
});
