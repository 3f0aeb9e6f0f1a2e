// npm run demo: the single executable on the bundled offline example, as a container would run it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const exe = existsSync('dist/ssm-entrypoint') ? 'dist/ssm-entrypoint' : 'dist/ssm-entrypoint.cjs';
const env = {
  ...process.env,
  PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master',
  PARAMETER_STORE_ENV_PREFIX: 'DB_',
};
// The "app": lists the DB_* variables it received, values masked.
const app = `echo "app (pid $$) received:"; env | grep '^DB_' | sort | awk -F= '{ v = substr($0, length($1) + 2); print "  " $1 "=*** (" length(v) " chars)" }'`;
const argv = ['--from-file', 'examples/parameters.json', '--', 'sh', '-c', app];
console.log(
  `$ PARAMETER_STORE_PREFIX=${env.PARAMETER_STORE_PREFIX} PARAMETER_STORE_ENV_PREFIX=DB_ \\\n    ${exe} ${argv.slice(0, 3).join(' ')} sh -c '<list DB_* masked>'`,
);
const result = spawnSync(exe, argv, { env, stdio: 'inherit' });
process.exit(result.status ?? 1);
