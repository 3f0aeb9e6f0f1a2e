import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { normalizePath, relativeTo } from '../../src/sources/path.js';

t.test('leading / optional, trailing / dropped', async (t) => {
  t.equal(normalizePath('goecssample', 'prefix'), '/goecssample');
  t.equal(normalizePath('/goecssample/', 'prefix'), '/goecssample');
  t.equal(normalizePath('  a/b ', 'prefix'), '/a/b');
});

t.test('refuses paths Parameter Store would refuse or misread', async (t) => {
  for (const bad of ['', '/', '///', 'a//b', 'a/../b', './a', 'a/.']) {
    t.throws(() => normalizePath(bad, 'prefix'), UsageError, JSON.stringify(bad));
  }
  t.throws(() => normalizePath('a/../b', 'prefix'), { message: 'prefix "a/../b" contains \'..\': Parameter Store paths are absolute, write the full path' });
});

t.test('relative names', async (t) => {
  t.equal(relativeTo('/a/b/c/d', '/a/b'), 'c/d');
  t.equal(relativeTo('/a/bc', '/a/b'), 'a/bc', 'a sibling with a common start is not below');
});
