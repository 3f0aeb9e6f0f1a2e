import { FailureList, UserError, describeUnexpected } from '../core/errors.js';
import { EXIT_TOOL_FAILED } from '../core/exit-codes.js';
import type { Logger } from '../core/log.js';

/**
 * Every failure that ends the tool, as log lines: one per failure with its hint and
 * details, never a stack trace. `closing` follows a list (e.g. that the command was not
 * started). Returns the status to exit with.
 */
export function reportFailure(log: Logger, error: unknown, closing: string | undefined): number {
  if (error instanceof FailureList) {
    for (const failure of error.failures) log.error(failure.message, { hint: failure.hint, details: failure.details.length > 0 ? failure.details : undefined });
    if (closing) log.error(closing);
    return EXIT_TOOL_FAILED;
  }
  if (error instanceof UserError) {
    log.error(error.message, { hint: error.hint, details: error.details.length > 0 ? error.details : undefined });
    return error.exitCode;
  }
  log.error(`unexpected failure: ${describeUnexpected(error)}`, { hint: 'please report this; the command was not started' });
  return EXIT_TOOL_FAILED;
}
