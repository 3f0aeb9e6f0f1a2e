// The option table: one row per option, shared by the parser, the env lookup and --help.

export type OptionKind = 'flag' | 'value' | 'list';

export interface OptionSpec<Name extends string = string> {
  name: Name; // long flag without the dashes
  kind: OptionKind;
  arg?: string; // placeholder in --help
  help: string;
  /** Older, documented variables read after SSM_ENTRYPOINT_<NAME>. */
  legacyEnv?: readonly string[];
  /** false for options that make no sense from the environment. */
  fromEnv?: boolean;
  choices?: readonly string[];
}

// `as const`, so that the names below are types: a misspelt option name does not compile.
const TABLE = [
  {
    name: 'prefix',
    kind: 'list',
    arg: 'PATH[,PATH]',
    legacyEnv: ['PARAMETER_STORE_PREFIX'],
    help: 'load every parameter below PATH (recursive, decrypted); repeatable',
  },
  {
    name: 'env-prefix',
    kind: 'value',
    arg: 'STRING',
    legacyEnv: ['PARAMETER_STORE_ENV_PREFIX'],
    help: 'prepend STRING to the names of variables loaded from prefixes',
  },
  {
    name: 'secret',
    kind: 'list',
    arg: '[ENV_PREFIX:]SECRET',
    legacyEnv: ['SECRETS_MANAGER_SECRET_IDS'],
    help: 'load a JSON secret, one variable per top-level key; repeatable',
  },
  { name: 'region', kind: 'value', arg: 'REGION', help: 'AWS region (default: the SDK chain, e.g. AWS_REGION)' },
  { name: 'no-overwrite', kind: 'flag', help: 'keep variables that are already set instead of replacing them' },
  { name: 'allow-empty', kind: 'flag', help: 'accept a prefix that holds no parameters' },
  {
    name: 'allow-name',
    kind: 'list',
    arg: 'NAME[,NAME]',
    help: 'let prefixes and whole secrets set NAME, normally refused (LD_*, BASH_ENV, PATH, AWS_*, ...); * matches anything; repeatable',
  },
  { name: 'timeout', kind: 'value', arg: 'SECONDS', help: 'give up fetching after SECONDS (default 30)' },
  { name: 'file-vars', kind: 'list', arg: 'PATTERN[,PATTERN]', help: 'put the variables matching PATTERN (* and ?) in files; NAME_FILE holds the path' },
  { name: 'secrets-dir', kind: 'value', arg: 'DIR', help: 'directory of the files (default /dev/shm/ssm-entrypoint), emptied first' },
  { name: 'user', kind: 'value', arg: 'USER[:GROUP]', help: 'fetch as the current user, then run the command as USER' },
  { name: 'from-file', kind: 'value', arg: 'FILE', help: 'read parameters and secrets from a JSON file instead of AWS (offline)' },
  { name: 'dry-run', kind: 'flag', help: 'resolve everything, print the plan with values masked, do not run the command' },
  { name: 'show-values', kind: 'flag', help: 'with --dry-run: show the values unmasked' },
  { name: 'print', kind: 'flag', help: 'print the resolved variables and exit' },
  { name: 'format', kind: 'value', arg: 'env|shell|json', choices: ['env', 'shell', 'json'], help: 'output format of --print (default shell)' },
  { name: 'doctor', kind: 'flag', help: 'check region, credentials, network and access; never runs the command' },
  { name: 'policy', kind: 'flag', help: 'with --doctor: print the least-privilege IAM policy for the sources' },
  { name: 'verbose', kind: 'flag', help: 'log every request, retry and variable name' },
  { name: 'quiet', kind: 'flag', help: 'log errors only' },
  { name: 'log-format', kind: 'value', arg: 'text|json', choices: ['text', 'json'], help: 'log format on stderr (default text)' },
  { name: 'supervise', kind: 'flag', help: 'stay as the parent: forward signals, reap zombies as PID 1, exit with the status of COMMAND' },
  { name: 'watch', kind: 'value', arg: 'INTERVAL', help: 're-read the sources every INTERVAL (e.g. 5m; at least 10s; +-10%); implies --supervise' },
  {
    name: 'on-change',
    kind: 'value',
    arg: 'restart|signal:NAME|exit',
    help: 'with --watch, on a new value: restart COMMAND (default), send it a signal, or exit 75',
  },
  { name: 'stop-signal', kind: 'value', arg: 'SIGNAL', help: 'the signal that stops COMMAND for a restart or exit (default SIGTERM)' },
  { name: 'stop-timeout', kind: 'value', arg: 'DURATION', help: 'SIGKILL COMMAND if still running this long after a stop signal (default 20s)' },
  { name: 'help', kind: 'flag', fromEnv: false, help: 'show this help' },
  { name: 'version', kind: 'flag', fromEnv: false, help: 'show the version' },
] as const satisfies readonly OptionSpec[];

type Row = (typeof TABLE)[number];
export type OptionName = Row['name'];
export type FlagName = Extract<Row, { kind: 'flag' }>['name'];
export type ValueName = Extract<Row, { kind: 'value' }>['name'];
export type ListName = Extract<Row, { kind: 'list' }>['name'];
/** The values an option with `choices` accepts, e.g. `'text' | 'json'` for log-format. */
export type ChoiceOf<N extends OptionName> = Extract<Row, { name: N; choices: readonly string[] }>['choices'][number];

export const OPTIONS: readonly OptionSpec<OptionName>[] = TABLE;

/** `--env-prefix` → `SSM_ENTRYPOINT_ENV_PREFIX`. */
export function envNameOf(option: OptionSpec): string {
  return `SSM_ENTRYPOINT_${option.name.toUpperCase().replace(/-/g, '_')}`;
}
