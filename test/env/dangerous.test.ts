import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildEnv, type BuildOptions } from '../../src/env/build.js';
import { allowedNames, whyDangerous } from '../../src/env/dangerous.js';
import { FailureList, UsageError } from '../../src/core/errors.js';
import type { Fetched, FetchedReference } from '../../src/resolve/resolve.js';
import { parseReference, type ParameterRef } from '../../src/sources/reference.js';
import { parseSecretId } from '../../src/sources/secret-id.js';

t.test('names that change how programs load code, connect or trust are dangerous', async (t) => {
  const dangerous = [
    // loader and libc
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'LD_AUDIT',
    'LD_ANYTHING_NEW',
    'GCONV_PATH',
    'GLIBC_TUNABLES',
    'MALLOC_TRACE',
    'HOSTALIASES',
    'LOCALDOMAIN',
    'RES_OPTIONS',
    'RESOLV_HOST_CONF',
    'LOCPATH',
    'NLSPATH',
    'TZDIR',
    'TMPDIR',
    // shells
    'BASH_ENV',
    'ENV',
    'SHELLOPTS',
    'BASHOPTS',
    'PS4',
    'PROMPT_COMMAND',
    'IFS',
    'CDPATH',
    'GLOBIGNORE',
    'PATH',
    'HOME',
    'SHELL',
    'XDG_CONFIG_HOME',
    'PAGER',
    'LESSOPEN',
    // runtimes
    'NODE_OPTIONS',
    'NODE_PATH',
    'NODE_EXTRA_CA_CERTS',
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'NODE_REPL_EXTERNAL_MODULE',
    'NPM_CONFIG_SCRIPT_SHELL',
    'PYTHONSTARTUP',
    'PYTHONPATH',
    'PYTHONHOME',
    'PYTHONINSPECT',
    'PYTHONWARNINGS',
    'PYTHONBREAKPOINT',
    'PERL5OPT',
    'PERL5LIB',
    'PERLLIB',
    'PERL5DB',
    'RUBYOPT',
    'RUBYLIB',
    'GEM_PATH',
    'BUNDLE_GEMFILE',
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'JDK_JAVA_OPTIONS',
    'CLASSPATH',
    'DOTNET_STARTUP_HOOKS',
    'CORECLR_PROFILER_PATH',
    'PHPRC',
    'PHP_INI_SCAN_DIR',
    'LUA_INIT',
    'GIT_SSH_COMMAND',
    'GIT_EXEC_PATH',
    // connect and trust
    'AWS_ACCESS_KEY_ID',
    'AWS_ENDPOINT_URL',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CA_BUNDLE',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'ALL_PROXY',
    'NO_PROXY',
    'GRPC_PROXY',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'CURL_CA_BUNDLE',
    'REQUESTS_CA_BUNDLE',
    'OPENSSL_CONF',
    'SSLKEYLOGFILE',
    // this tool
    'SSM_ENTRYPOINT_ALLOW_NAME',
    'SSM_ENTRYPOINT_USER',
    'PARAMETER_STORE_PREFIX',
    'PARAMETER_STORE_ENV_PREFIX',
    'SECRETS_MANAGER_SECRET_IDS',
    // lower case variants a lower-case env prefix can produce, read by curl and Python
    'http_proxy',
    'https_PROXY',
    'no_proxy',
    'ld_PRELOAD',
  ];
  for (const name of dangerous) t.ok(whyDangerous(name), name);
  const harmless = [
    'DB_PASSWORD',
    'DATABASE_URL',
    'API_KEY',
    'PGPASSWORD',
    'NODE_ENV',
    'DOTNET_ENVIRONMENT',
    'TZ',
    'LANG',
    'PORT',
    // an env prefix keeps a name in its namespace
    'DB_LD_PRELOAD',
    'APP_PATH',
    'APP_BASH_ENV',
    'APP_NODE_OPTIONS',
    'DB_HTTP_PROXY',
    'MY_AWS_REGION',
    'XLD_PRELOAD',
    'ENVIRONMENT',
    'HOMEPAGE',
  ];
  for (const name of harmless) t.equal(whyDangerous(name), undefined, name);
  t.same(whyDangerous('LD_PRELOAD'), { rule: 'LD_*', why: whyDangerous('LD_PRELOAD')!.why });
  t.match(whyDangerous('BASH_ENV')!.why, /bash and sh run the file it names/);
});

t.test('--allow-name: exact names and * patterns, case-sensitive on the final name', async (t) => {
  const allow = allowedNames(['BASH_ENV', 'AWS_*', '*_PROXY']);
  for (const name of ['BASH_ENV', 'AWS_REGION', 'AWS_', 'HTTP_PROXY']) t.ok(allow(name), name);
  for (const name of ['bash_env', 'BASH_ENVX', 'XAWS_REGION', 'LD_PRELOAD', 'http_proxy']) t.notOk(allow(name), name);
  t.ok(allowedNames(['*'])('ANYTHING'));
  t.notOk(allowedNames([])('PATH'));
  t.throws(() => allowedNames(['LD_PRELOAD', 'a-b'], 'SSM_ENTRYPOINT_ALLOW_NAME'), {
    message:
      'SSM_ENTRYPOINT_ALLOW_NAME: "a-b" can never match a variable name (a pattern is letters, digits and _, with * for any run of characters and ? for one, e.g. DB_*,*_KEY)',
  });
  t.type(
    t.throws(() => allowedNames(['.*'])),
    UsageError,
  );
});

const prefix = (path: string, envPrefix: string, names: string[]) => ({
  source: { kind: 'prefix' as const, path, envPrefix },
  parameters: names.map((name) => ({ name: `${path}/${name}`, value: 'v', type: 'String' as const, version: 1 })),
});
const whole = (entry: string, value: string) => {
  const source = parseSecretId(entry);
  return { source, secret: { name: source.secretId, arn: undefined, versionId: 'v1', value } };
};
const reference = (variable: string, ref: string): FetchedReference => {
  const source = parseReference(variable, ref);
  const target = source.target as ParameterRef;
  return { source, target, parameter: { name: target.name, value: 'v', type: 'String', version: 1 } };
};
const build = (f: Partial<Fetched>, options: Partial<BuildOptions> = {}) =>
  buildEnv({}, { prefixes: [], secrets: [], references: [], ...f }, { overwrite: true, ...options });
const messages = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof FailureList) return error.failures.map((e) => `${e.message}; ${e.hint}`);
    throw error;
  }
  return [];
};

t.test('a prefix or a whole secret naming a dangerous variable: refused, naming the parameter or key and why', async (t) => {
  const found = messages(() =>
    build({
      prefixes: [prefix('/app', '', ['bash_env', 'db/host', 'node-options'])],
      secrets: [whole('prod/db', '{"LD_PRELOAD": "/tmp/x.so", "user": "u", "http_proxy": "http://evil"}')],
    }),
  );
  t.same(found.length, 4, found.join('\n'));
  t.match(
    found[0],
    /^parameter \/app\/bash_env under prefix \/app would set BASH_ENV, a name refused from the store's contents: bash and sh run the file it names/,
  );
  t.match(
    found[0],
    /allow it with --allow-name BASH_ENV \(SSM_ENTRYPOINT_ALLOW_NAME\); otherwise give the prefix an env prefix \(PARAMETER_STORE_ENV_PREFIX=APP_\)/,
  );
  t.match(found[1], /^parameter \/app\/node-options under prefix \/app would set NODE_OPTIONS \(NODE_\*\), a name refused/);
  t.match(found[2], /^key "LD_PRELOAD" of secret prod\/db would set LD_PRELOAD \(LD_\*\), a name refused from the store's contents: the dynamic loader/);
  t.match(found[2], /give the secret an env prefix \(APP_:prod\/db\)/);
  t.match(found[3], /^key "http_proxy" of secret prod\/db would set HTTP_PROXY \(\*_PROXY\)/);
  for (const m of found) t.notMatch(m, /\/tmp\/x\.so|evil/, 'no value in the message');
});

t.test('allowed by --allow-name; references are never checked; env prefixes keep names in a namespace', async (t) => {
  const allowed = build(
    { prefixes: [prefix('/app', '', ['bash_env'])], secrets: [whole('prod/db', '{"LD_PRELOAD": "x", "AWS_REGION": "eu-west-1"}')] },
    { allowName: allowedNames(['BASH_ENV', 'LD_PRELOAD', 'AWS_*']) },
  );
  t.same(Object.keys(allowed.env).sort(), ['AWS_REGION', 'BASH_ENV', 'LD_PRELOAD']);
  const references = build({ references: [reference('BASH_ENV', 'ssm://app/x'), reference('LD_PRELOAD', 'ssm://app/y'), reference('PATH', 'ssm://app/z')] });
  t.same(Object.keys(references.env).sort(), ['BASH_ENV', 'LD_PRELOAD', 'PATH']);
  const namespaced = build({
    prefixes: [prefix('/app', 'DB_', ['ld_preload', 'path'])],
    secrets: [whole('APP_:prod/db', '{"NODE_OPTIONS": "x", "home": "y"}')],
  });
  t.same(Object.keys(namespaced.env).sort(), ['APP_HOME', 'APP_NODE_OPTIONS', 'DB_LD_PRELOAD', 'DB_PATH']);
  // The final name is what programs read: an env prefix that completes a dangerous name is refused.
  t.match(
    messages(() => build({ prefixes: [prefix('/app', 'LD_', ['preload'])] })),
    [/would set LD_PRELOAD \(LD_\*\)/],
  );
  t.match(
    messages(() => build({ prefixes: [prefix('/app', 'http_', ['proxy'])] })),
    [/would set http_PROXY \(\*_PROXY\)/],
  );
  t.same(Object.keys(build({ prefixes: [prefix('/app', '', ['node_env'])] }).env), ['NODE_ENV']);
});

t.test("the README's example is exactly what the tool prints", async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const line = messages(() => build({ prefixes: [prefix('/myapp/prod', '', ['bash_env'])] }))[0] ?? '';
  t.ok(readme.includes(`\nssm-entrypoint: error: ${line}\n`), line);
});
