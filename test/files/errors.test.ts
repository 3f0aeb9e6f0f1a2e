// A file system failure while placing secrets: one line naming the path and errno, and what
// to do about that errno; never a stack.
import t from 'tap';
import { fileError } from '../../src/files/errors.js';

const errno = (code: string) => Object.assign(new Error(`${code}: something /dev/shm/x`), { code });

t.test('the path, the errno, that nothing was started or half written', async (t) => {
  const error = fileError('write', '/dev/shm/ssm-entrypoint/DB_PASSWORD', errno('ENOSPC'));
  t.equal(error.exitCode, 125);
  t.equal(error.message, 'cannot write /dev/shm/ssm-entrypoint/DB_PASSWORD (ENOSPC): the command was not started, no file was left half written');
  t.match(error.hint, /larger \/dev\/shm \(docker run --shm-size\)/);
});

t.test('a hint for each errno a secrets directory meets', async (t) => {
  const hint = (code: string, operation: Parameters<typeof fileError>[0] = 'create') => fileError(operation, '/s', errno(code)).hint;
  t.match(hint('EDQUOT'), /file system is full/);
  t.match(hint('EROFS'), /read-only: choose a writable --secrets-dir/);
  t.match(hint('EACCES'), /run the tool as root \(with --user to drop privileges\)/);
  t.match(hint('EPERM', 'chown'), /CHOWN capability/);
  t.match(hint('ENOTDIR'), /not a directory: check --secrets-dir/);
  t.match(hint('EIO'), /check --secrets-dir and the file system/);
});

t.test('chown names the owner; an error without a code still gives one line', async (t) => {
  t.equal(
    fileError('chown', '/s/K', errno('EPERM'), { label: 'app (1000:1000)' }).message,
    'cannot give /s/K to app (1000:1000) (EPERM): the command was not started, no file was left half written',
  );
  t.equal(
    fileError('chown', '/s/K', errno('EPERM')).message,
    'cannot give /s/K to the --user target (EPERM): the command was not started, no file was left half written',
  );
  t.equal(
    fileError('rename', '/s/K', new Error('odd')).message,
    'cannot put in place /s/K (error): the command was not started, no file was left half written',
  );
});
