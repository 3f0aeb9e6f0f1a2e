// What is shipped: the single executable (stripped, still a working SEA), the paths
// Dockerfile.example copies, and the npm package (`npm pack`, then `npx` from the tarball).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  closeSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { EXAMPLE, ROOT, SEA } from './artifacts.js';

/** Section names of an ELF64 little-endian file (enough for x64 and arm64 Linux). */
function elfSections(file: string): string[] {
  const fd = openSync(file, 'r');
  const read = (offset: number, length: number) => {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, offset);
    return buf;
  };
  try {
    const header = read(0, 64);
    if (header.toString('latin1', 0, 4) !== '\x7fELF' || header[4] !== 2 || header[5] !== 1) throw new Error(`${file} is not ELF64 little-endian`);
    const shoff = Number(header.readBigUInt64LE(0x28));
    const shentsize = header.readUInt16LE(0x3a);
    const shnum = header.readUInt16LE(0x3c);
    const shstrndx = header.readUInt16LE(0x3e);
    const table = read(shoff, shentsize * shnum);
    const strtab = table.subarray(shstrndx * shentsize);
    const names = read(Number(strtab.readBigUInt64LE(0x18)), Number(strtab.readBigUInt64LE(0x20)));
    return Array.from({ length: shnum }, (_, i) => {
      const start = table.readUInt32LE(i * shentsize);
      return names.toString('latin1', start, names.indexOf(0, start));
    });
  } finally {
    closeSync(fd);
  }
}

t.test('the single executable embeds a stripped Node and still runs as itself', async (t) => {
  const exe = SEA.argv[0]!;
  const sections = elfSections(exe);
  t.ok(sections.includes('.text') && sections.includes('.dynsym'), 'code and dynamic symbols are kept');
  t.same(
    sections.filter((s) => s === '.symtab' || s.startsWith('.debug_')),
    [],
    'no symbol table, no debug info',
  );
  const r = await execa(exe, ['--version'], { reject: false });
  t.equal(r.stdout, 'ssm-entrypoint 0.1.0', 'the SEA blob is found (a bare Node would print its own version)');
  const arm64 = path.join(ROOT, 'dist/ssm-entrypoint-linux-arm64');
  if (existsSync(arm64))
    t.same(
      elfSections(arm64).filter((s) => s === '.symtab' || s.startsWith('.debug_')),
      [],
      'the arm64 one too',
    );
});

t.test('every path Dockerfile.example copies from the build stage is one npm run build writes', async (t) => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile.example'), 'utf8');
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)/gm)].map((m) => m[1]);
  t.same(stages, ['build', 'dist']);
  const fromBuild = [...dockerfile.matchAll(/^COPY --from=build \/src\/(\S+) (\S+)/gm)];
  t.ok(fromBuild.length > 0);
  for (const [, source] of fromBuild) t.ok(existsSync(path.join(ROOT, source!)), `${source} exists after npm run build`);
  const fromDist = [...dockerfile.matchAll(/^COPY --from=dist (\S+) /gm)].map((m) => m[1]);
  t.same(
    fromDist,
    fromBuild.map((m) => m[2]),
    'the app copies what the dist stage holds',
  );
});

t.test('npm pack builds the bundle (prepack); npx from the tarball runs --version and the offline demo', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // A checkout without dist/ (as a fresh clone), so prepack has to build it.
  const checkout = path.join(dir, 'checkout');
  for (const entry of ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'build', 'src']) {
    cpSync(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(ROOT, 'node_modules')), path.join(checkout, 'node_modules'));
  const out = path.join(dir, 'out');
  mkdirSync(out);
  // Through env -i: tap adds its loader to NODE_OPTIONS of the children it sees.
  const env = ['-i', `PATH=${process.env.PATH}`, `HOME=${homedir()}`];
  const pack = await execa('/usr/bin/env', [...env, 'npm', 'pack', '--pack-destination', out], { cwd: checkout, reject: false });
  t.equal(pack.exitCode, 0, pack.stderr);
  t.ok(existsSync(path.join(checkout, 'dist/ssm-entrypoint.cjs')), 'prepack built the bundle');
  const tarball = path.join(out, 'ssm-entrypoint-0.1.0.tgz');
  const list = await execa('tar', ['-tzf', tarball]);
  t.same(list.stdout.split('\n').sort(), ['package/README.md', 'package/dist/ssm-entrypoint.cjs', 'package/package.json']);

  const npxDir = path.join(homedir(), '.npm/_npx');
  const before = new Set(existsSync(npxDir) ? readdirSync(npxDir) : []);
  t.teardown(() => {
    // npx installs into ~/.npm/_npx/<hash of the spec>; this tarball's path is new each run.
    for (const d of existsSync(npxDir) ? readdirSync(npxDir) : []) {
      const manifest = path.join(npxDir, d, 'package.json');
      if (!before.has(d) && existsSync(manifest) && readFileSync(manifest, 'utf8').includes(tarball))
        rmSync(path.join(npxDir, d), { recursive: true, force: true });
    }
  });
  const npx = (args: string[], vars: string[] = []) =>
    execa('/usr/bin/env', [...env, ...vars, 'npm', 'exec', '--yes', '--prefer-offline', `--package=${tarball}`, '--', 'ssm-entrypoint', ...args], {
      cwd: dir,
      reject: false,
    });
  const version = await npx(['--version']);
  t.equal(version.exitCode, 0, version.stderr);
  t.equal(version.stdout, 'ssm-entrypoint 0.1.0');

  // npm run demo's command: the sample, values masked by the app.
  const app = `env | grep '^DB_' | sort | awk -F= '{ v = substr($0, length($1) + 2); print $1 "=*** (" length(v) " chars)" }'`;
  const demo = await npx(
    ['--from-file', EXAMPLE, '--', 'sh', '-c', app],
    ['PARAMETER_STORE_PREFIX=goecssample/database/sample/master', 'PARAMETER_STORE_ENV_PREFIX=DB_'],
  );
  t.equal(demo.exitCode, 0, demo.stderr);
  t.equal(
    demo.stdout,
    ['DB_HOST=*** (19 chars)', 'DB_NAME=*** (8 chars)', 'DB_PASSWORD=*** (19 chars)', 'DB_PORT=*** (4 chars)', 'DB_USER=*** (10 chars)'].join('\n'),
  );
  t.match(demo.stderr, /ssm-entrypoint: loaded 5 variable\(s\) from prefix \/goecssample\/database\/sample\/master in \d+ ms/);
});
