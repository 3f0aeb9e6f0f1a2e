import { EXIT_TOOL_FAILED } from './exit-codes.js';

/**
 * A failure the user can cause and fix. Its message is printed as is (one line,
 * prefixed by the logger), never with a stack trace. `hint` says what to do next.
 */
export class UserError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  /** Further lines (an IAM statement, the principal), printed indented below the message. */
  readonly details: string[];

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown; details?: string[] } = {}) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? EXIT_TOOL_FAILED;
  }
}

/** Bad command line or SSM_ENTRYPOINT_* environment. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, { hint: "run 'ssm-entrypoint --help' for the options" });
    this.name = 'UsageError';
  }
}

/** Several failures at once: every source is tried, every failure reported. */
export class FailureList extends AggregateError {
  declare readonly errors: UserError[];
  constructor(failures: UserError[]) {
    super(failures, `${failures.length} failure(s)`);
    this.name = 'FailureList';
  }

  /** The failures, in order (AggregateError's `errors`). */
  get failures(): UserError[] {
    return this.errors;
  }
}

/** The message of an unexpected error, one line, without a stack. */
export function describeUnexpected(error: unknown): string {
  if (error instanceof Error) {
    // A parse error's text quotes what was parsed (a body, a file): never shown.
    if (error.name === 'SyntaxError') return 'SyntaxError (its text is not shown)';
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`.split('\n')[0] ?? '';
  }
  return String(error);
}
