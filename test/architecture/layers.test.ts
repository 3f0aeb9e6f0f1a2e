// The tree reads as the pipeline: every import points at its own folder or a lower stage,
// never back up. A new folder must be given its place here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

// Lowest first. Folders on one rank do not import each other.
const RANKS: string[][] = [
  ['core'],
  ['cli'],
  ['sources'],
  ['stores'],
  ['diagnose'],
  ['resolve'],
  ['env'],
  ['exec'],
  ['files'],
  ['output'],
  ['supervise'],
  ['doctor'],
  ['main.ts'],
];

const rankOf = (unit: string): number => RANKS.findIndex((rank) => rank.includes(unit));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `src/env/build.ts` → `env`; `src/main.ts` → `main.ts`. */
const unitOf = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]|^\s*(?:import|await import)\s*\(?\s*['"](\.[^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) found.push(match[1] ?? match[2]!);
  for (const match of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

const files = sourceFiles(SRC);
t.ok(files.length > 20, 'finds the sources');
t.ok(importsOf(path.join(SRC, 'main.ts')).length > 10, 'finds the imports of main.ts');

t.test('every folder of src/ has a rank', async (t) => {
  const units = [...new Set(files.map(unitOf))].sort();
  for (const unit of units) t.not(rankOf(unit), -1, `${unit} has a place in RANKS`);
});

t.test('core/ imports nothing of the project', async (t) => {
  for (const file of files.filter((f) => unitOf(f) === 'core')) {
    for (const spec of importsOf(file)) {
      t.equal(unitOf(path.resolve(path.dirname(file), spec)), 'core', `${path.relative(SRC, file)} imports ${spec}`);
    }
  }
});

t.test('no import runs back up the pipeline', async (t) => {
  const upward: string[] = [];
  for (const file of files) {
    const from = unitOf(file);
    for (const spec of importsOf(file)) {
      const to = unitOf(path.resolve(path.dirname(file), spec));
      if (to === from) continue;
      if (rankOf(to) >= rankOf(from)) upward.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  t.same(upward, [], 'imports that point up or sideways');
});
