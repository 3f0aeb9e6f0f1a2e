import { UsageError } from '../core/errors.js';
import { NAME_CHARACTERS } from './variable-names.js';

const PATTERN = new RegExp(`^[${NAME_CHARACTERS}*?]+$`);

/**
 * Variable-name patterns of --allow-name and --file-vars: `*` any run of characters, `?` one,
 * everything else literal, matched against the whole final variable name, case-sensitively
 * (as names are). Returns the pattern that matches a name, or undefined.
 */
export function compileNamePatterns(patterns: readonly string[], origin: string): (name: string) => string | undefined {
  const compiled = patterns.map((pattern) => {
    if (!PATTERN.test(pattern)) {
      throw new UsageError(
        `${origin}: ${JSON.stringify(pattern)} can never match a variable name (a pattern is letters, digits and _, with * for any run of characters and ? for one, e.g. DB_*,*_KEY)`,
      );
    }
    const source = pattern.replace(/[*?]/g, (c) => (c === '*' ? '.*' : '.'));
    return { pattern, regex: new RegExp(`^${source}$`, 's') };
  });
  return (name) => compiled.find((c) => c.regex.test(name))?.pattern;
}
