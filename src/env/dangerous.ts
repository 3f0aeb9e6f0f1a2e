import { compileNamePatterns } from '../cli/name-patterns.js';

// Names that change how programs load code, where they connect or whom they trust. From a
// prefix or the keys of a whole secret, whoever may write the store would choose them, so
// they are refused there unless --allow-name names them (README: "Who chooses variable
// names"). References are named by the task definition and are never checked.

interface Rule {
  /** As shown to users: `BASH_ENV`, `LD_*`, `*_PROXY`. */
  shown: string;
  /** Matched against the upper-cased name: `http_proxy` is read as well as `HTTP_PROXY`. */
  match: RegExp;
  why: string;
  /** Names the pattern covers that are an app's convention, read by no runtime. */
  except?: readonly string[];
}

const exact = (names: string, why: string): Rule[] => names.split(' ').map((name) => ({ shown: name, match: new RegExp(`^${name}$`), why }));
const prefix = (start: string, why: string, except?: readonly string[]): Rule => ({
  shown: `${start}*`,
  match: new RegExp(`^${start}`),
  why,
  ...(except ? { except } : {}),
});

export const DANGEROUS_NAMES: readonly Rule[] = [
  // The dynamic loader and the C library: every name glibc drops for setuid programs.
  prefix('LD_', 'the dynamic loader reads it (LD_PRELOAD, LD_LIBRARY_PATH and LD_AUDIT load libraries into every program)'),
  ...exact('GCONV_PATH', 'glibc loads character-set converters (shared libraries) from it'),
  ...exact('GLIBC_TUNABLES', 'the dynamic loader parses it at the start of every program'),
  prefix('MALLOC_', "glibc's allocator reads it at start-up (MALLOC_TRACE writes to the file it names)"),
  ...exact('HOSTALIASES LOCALDOMAIN RES_OPTIONS NIS_PATH', "glibc's resolver reads it: it changes which host a name connects to"),
  prefix('RESOLV_', "glibc's resolver reads it: it changes which host a name connects to"),
  ...exact('LOCPATH NLSPATH GETCONF_DIR TZDIR', 'glibc reads files from the directory it names'),
  ...exact('TMPDIR', 'programs create their temporary files where it says'),
  // Shells.
  ...exact('BASH_ENV ENV', 'bash and sh run the file it names when a script starts'),
  prefix('BASH_FUNC_', 'bash imports it as a shell function'),
  ...exact('SHELLOPTS BASHOPTS BASH_XTRACEFD', 'bash applies it when a script starts'),
  ...exact('PS4 PROMPT_COMMAND', 'bash runs or expands it (command substitution included)'),
  ...exact('IFS CDPATH GLOBIGNORE', 'it changes how shell scripts split words, change directory or expand globs'),
  ...exact('ZDOTDIR', 'zsh runs the start-up files of the directory it names'),
  ...exact('PATH', 'commands are looked up on it (this tool looks the command up there too)'),
  ...exact('HOME', 'programs read their start-up and configuration files from it (.bashrc, .npmrc, .gitconfig, .aws)'),
  prefix('XDG_', 'programs read their configuration files from the directory it names'),
  ...exact('SHELL EDITOR VISUAL PAGER LESSOPEN LESSCLOSE', 'other programs run the command it names'),
  // Language runtimes and their package managers.
  prefix('NODE_', 'Node.js reads it (NODE_OPTIONS --require/--import, NODE_PATH, NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED)', ['NODE_ENV']),
  prefix('NPM_CONFIG_', 'npm and pnpm read it as configuration, in any case (script-shell, node-options, registry)'),
  prefix('YARN_', 'Yarn reads it as configuration (yarnPath runs the file it names)'),
  prefix('PYTHON', 'Python reads it (PYTHONSTARTUP, PYTHONPATH, PYTHONHOME, PYTHONINSPECT, PYTHONWARNINGS, PYTHONBREAKPOINT)'),
  prefix('PERL', 'Perl reads it (PERL5OPT, PERL5LIB, PERLLIB, PERL5DB)'),
  prefix('RUBY', 'Ruby reads it (RUBYOPT, RUBYLIB)'),
  prefix('GEM_', 'RubyGems loads gems from the directory it names'),
  prefix('BUNDLE_', 'Bundler reads it as configuration (BUNDLE_GEMFILE names Ruby code to load)'),
  prefix('JAVA_', 'the JVM and its launch scripts read it (JAVA_TOOL_OPTIONS -javaagent, JAVA_HOME, JAVA_OPTS)'),
  ...exact('_JAVA_OPTIONS JDK_JAVA_OPTIONS CLASSPATH', 'the JVM reads it (options, -javaagent, where classes load from)'),
  prefix('DOTNET_', '.NET reads it (DOTNET_STARTUP_HOOKS loads an assembly)', ['DOTNET_ENVIRONMENT']),
  prefix('CORECLR_', '.NET loads the profiler it names'),
  prefix('COMPLUS_', '.NET reads it as runtime configuration'),
  ...exact('ASPNETCORE_HOSTINGSTARTUPASSEMBLIES', 'ASP.NET Core loads the assemblies it names'),
  ...exact('PHPRC PHP_INI_SCAN_DIR', 'PHP reads its configuration (auto_prepend_file, extensions) from it'),
  prefix('LUA_', 'Lua reads it (LUA_INIT runs code, LUA_PATH and LUA_CPATH load modules)'),
  prefix('GIT_', 'git reads it (GIT_SSH_COMMAND, GIT_EXEC_PATH and GIT_CONFIG_* run commands)'),
  // Where programs connect, and whom they trust.
  prefix(
    'AWS_',
    'the AWS SDKs and CLI read it: credentials, region, endpoints, the container credentials URL, config files whose credential_process runs a command',
  ),
  {
    shown: '*_PROXY',
    // A scheme then _PROXY: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY, GRPC_PROXY. Python
    // reads `<scheme>_proxy` for any scheme, in any case; DB_HTTP_PROXY is no scheme's.
    match: /^[A-Z0-9]+_PROXY$/,
    why: "HTTP clients send the app's connections through the proxy it names, or skip it",
  },
  ...exact('SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE REQUESTS_CA_BUNDLE GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'TLS clients trust the certificates it names'),
  ...exact('SSLKEYLOGFILE', 'TLS libraries write the session keys to the file it names'),
  prefix('OPENSSL_', 'OpenSSL reads it (OPENSSL_CONF loads modules and engines)'),
  // This tool.
  prefix('SSM_ENTRYPOINT_', 'it configures ssm-entrypoint'),
  ...exact('PARAMETER_STORE_PREFIX PARAMETER_STORE_ENV_PREFIX SECRETS_MANAGER_SECRET_IDS', 'it configures ssm-entrypoint'),
];

/** Why a name may not come from the store's contents, or undefined if it may. */
export function whyDangerous(name: string): { rule: string; why: string } | undefined {
  const upper = name.toUpperCase();
  for (const rule of DANGEROUS_NAMES) {
    if (rule.match.test(upper) && !rule.except?.includes(upper)) return { rule: rule.shown, why: rule.why };
  }
  return undefined;
}

/** --allow-name entries → a test (see cli/name-patterns.ts). */
export function allowedNames(entries: readonly string[], origin = '--allow-name'): (name: string) => boolean {
  const match = compileNamePatterns(entries, origin);
  return (name) => match(name) !== undefined;
}
