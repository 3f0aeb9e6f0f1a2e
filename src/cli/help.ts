import pkg from '../../package.json' with { type: 'json' };
import { OPTIONS, envNameOf } from './options.js';

export const VERSION: string = pkg.version;

export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const left = `  --${o.name}${o.arg ? ` ${o.arg}` : ''}`;
    const env = o.fromEnv === false ? '' : `\n${' '.repeat(28)}env: ${[envNameOf(o), ...(o.legacyEnv ?? [])].join(', ')}`;
    return `${left.padEnd(27)} ${o.help}${env}`;
  });
  return `Usage: ssm-entrypoint [OPTION]... [--] COMMAND [ARG]...

Load AWS SSM Parameter Store parameters and Secrets Manager secrets into the
environment, then replace this process with COMMAND. If anything cannot be
fetched, COMMAND is not started and the exit status is 125.

Options (each also read from the environment; flags win):
${rows.join('\n')}

References: a variable whose value starts with ssm:// or sm:// gets the value
it points to; no other value is touched.
  ssm://NAME[:VERSION|:LABEL]   a parameter, decrypted (a NAME with / gets its
                                leading /)
  ssm://arn:aws:ssm:REGION:ACCOUNT:parameter/NAME[:VERSION|:LABEL]
                                a parameter in another region or account
  sm://SECRET[:JSON_KEY[:VERSION_STAGE[:VERSION_ID]]]
                                a secret (name or ARN); the suffix is ECS
                                valueFrom syntax, trailing colons included
  e.g. DB_PASSWORD=sm://prod/db:password  API_URL=ssm://myapp/prod/api-url
Files: NAME_FILE=<reference> writes the value (binary secrets too) to a file
in --secrets-dir, mode 0400, and sets NAME_FILE to its path; --file-vars does
the same for any variable (NAME leaves the environment, NAME_FILE is set).
Precedence: prefixes < --secret < references. --no-overwrite keeps existing
values, never a reference.

Exit status: 125 this tool failed; 126 COMMAND not executable; 127 COMMAND not
found; otherwise the status of COMMAND.
`;
}
