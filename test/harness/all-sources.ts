// tap's `before` script (package.json): every file under src/ enters the coverage report,
// also one that no test loads, which then counts as 0% instead of being left out.
// Writes one V8 coverage entry per file with every line at count 0, mapped 1:1 onto the
// file; the report adds counts line by line, so these zeros change nothing for code that
// did run (in a test process or in a built artifact).
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');
const OUT = path.join(process.env._TAPJS_PROCESSINFO_CWD_ ?? ROOT, '.tap/coverage');

const sources = (readdirSync(SRC, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.join(SRC, f))
  .sort();

const result = [];
const sourceMapCache: Record<string, unknown> = {};
for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/(?<=\n)/);
  // A stand-in script with the file's line lengths; it need not exist on disk.
  const url = pathToFileURL(`${file}.all-sources.js`).href;
  result.push({
    scriptId: '0',
    url,
    functions: [{ functionName: '', isBlockCoverage: false, ranges: [{ startOffset: 0, endOffset: text.length, count: 0 }] }],
  });
  sourceMapCache[url] = {
    lineLengths: lines.map((l) => l.replace(/\r?\n$/, '').length),
    data: {
      version: 3,
      sources: [pathToFileURL(file).href],
      sourcesContent: [text],
      names: [],
      mappings: lines.map((_, i) => (i === 0 ? 'AAAA' : 'AACA')).join(';'),
    },
  };
}
mkdirSync(OUT, { recursive: true });
// Writable for all, like /tmp: a tool run with --user writes its coverage as that user.
chmodSync(OUT, 0o1777);
writeFileSync(path.join(OUT, 'all-sources.json'), JSON.stringify({ result, 'source-map-cache': sourceMapCache }));
