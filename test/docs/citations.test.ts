// Comments and test names cite only what a reader of the repository has: README sections
// (and docs/, if it exists), never notes kept outside the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return /\.(ts|mts|mjs|cjs|js|c)$/.test(entry.name) ? [full] : [];
  });
}
const self = fileURLToPath(import.meta.url);
const sources = ['src', 'test', 'build', 'bench'].flatMap((d) => files(path.join(ROOT, d))).filter((f) => f !== self);
const text = new Map(sources.map((f) => [path.relative(ROOT, f), readFileSync(f, 'utf8')]));

t.ok(text.size > 50, `${text.size} files read`);

t.test('no document from outside the repository is cited', async (t) => {
  const outside = /\bSPEC\b|NODE-NOTES|EMULATOR-NOTES|\bSTYLE\.md|\.\.\/shared\/|\/work\//;
  const found = [...text].flatMap(([file, content]) =>
    content.split('\n').flatMap((line, i) => (outside.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  t.same(found, []);
});

t.test('every README "Section" a file cites is a heading of the README', async (t) => {
  const headings = new Set<string>();
  const trail: string[] = [];
  for (const match of readme.matchAll(/^(#{2,4}) (.+)$/gm)) {
    const depth = match[1]!.length - 2;
    trail.length = depth;
    trail[depth] = match[2]!.trim();
    headings.add(trail[depth]!);
    // `README "Security: Exec"`: a section and its subsection.
    if (depth > 0) headings.add(`${trail[depth - 1]}: ${trail[depth]}`);
  }
  const cited = [...text].flatMap(([file, content]) => [...content.matchAll(/README "([^"]+)"/g)].map((m) => ({ file, section: m[1]! })));
  t.ok(cited.length > 3, `${cited.length} citations found`);
  for (const { file, section } of cited) t.ok(headings.has(section), `${file} cites README "${section}"`);
});
