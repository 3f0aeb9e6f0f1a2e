// What --dry-run shows of a file: path, mode, owner, and its content only with --show-values
// (text as is, other bytes as marked base64).
import t from 'tap';
import { fileRows, ownerOf } from '../../src/files/show.js';
import { formatFileRows } from '../../src/output/plan.js';
import type { PlannedFile } from '../../src/files/plan.js';

const file = (name: string, bytes: Uint8Array | string): PlannedFile => ({
  name,
  path: `/dev/shm/ssm-entrypoint/${name}`,
  variable: `${name}_FILE`,
  bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
});
const owner = ownerOf({ name: 'app', uid: 1000, gid: 1000 } as never);

t.test('masked by default, with the size in bytes', async (t) => {
  const [row] = fileRows([file('PW', 'hunter2 é')], owner, false);
  t.same(row, { path: '/dev/shm/ssm-entrypoint/PW', variable: 'PW_FILE', mode: '0400', owner: 'app (1000:1000)', value: '*** (10 bytes)' });
});

t.test('--show-values: UTF-8 text as is, anything else as base64', async (t) => {
  const rows = fileRows([file('TEXT', 'line\nline'), file('BIN', Uint8Array.from([0xff, 0xfe, 0]))], owner, true);
  t.same(
    rows.map((r) => r.value),
    ['line\nline', 'base64://4A'],
  );
});

t.test('without --user the files belong to this process', async (t) => {
  const [row] = fileRows([file('K', 'v')], undefined, false);
  t.match(row!.owner, new RegExp(`\\(${process.geteuid!()}:${process.getegid!()}\\)$`));
});

t.test('the table: one row per file, a line break shown as \\n', async (t) => {
  const text = formatFileRows('/dev/shm/ssm-entrypoint', fileRows([file('TEXT', 'a\nb')], owner, true));
  t.equal(text.split('\n').length, 3);
  t.match(
    text,
    /^files in \/dev\/shm\/ssm-entrypoint \(directory 0700, emptied first\):\nPATH +MODE +OWNER +VALUE\n\/dev\/shm\/ssm-entrypoint\/TEXT +0400 +app \(1000:1000\) +a\\nb$/,
  );
});
