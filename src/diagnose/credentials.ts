// Where the AWS SDK's default credential chain gets credentials, in words. The chain, in
// order (@aws-sdk/credential-provider-node): the key variables (skipped when AWS_PROFILE
// is set), the profile of the shared files (keys, SSO, assume role, credential_process),
// web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), then the container
// endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, then _FULL_URI) or else the EC2
// instance metadata (unless AWS_EC2_METADATA_DISABLED).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export interface CredentialSource {
  /** The source, in words. */
  what: string;
  /** The variable that points at it, when there is one (for messages). */
  variable?: string;
  /** The container endpoint or instance metadata: something answers over HTTP. */
  remote?: 'container' | 'imds';
}

export const CONTAINER_ENDPOINT = 'the container credentials endpoint';

export type ContainerVariable = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' | 'AWS_CONTAINER_CREDENTIALS_FULL_URI';

/**
 * The one ECS detection: the ECS agent sets ECS_CONTAINER_METADATA_URI_V4 (older agents
 * ECS_CONTAINER_METADATA_URI) in every container, and, with a task role,
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; the SDK reads RELATIVE_URI before FULL_URI.
 * On ECS without either, this process lost them (su, sudo, docker exec, a user switch).
 */
export function ecsOf(env: Env): { onEcs: boolean; credentials: ContainerVariable | undefined } {
  const credentials = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
    ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'
    : env.AWS_CONTAINER_CREDENTIALS_FULL_URI
      ? 'AWS_CONTAINER_CREDENTIALS_FULL_URI'
      : undefined;
  return { onEcs: Boolean(env.ECS_CONTAINER_METADATA_URI_V4 || env.ECS_CONTAINER_METADATA_URI), credentials };
}

/** What the chain will pick, from the environment and the shared files' profile names: a prediction. */
export function predictCredentialSource(env: Env): CredentialSource {
  const profile = env.AWS_PROFILE;
  if (!profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { what: 'environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)' };
  }
  const files = profileFiles(env).filter((file) => hasProfile(file, profile ?? 'default'));
  if (files.length > 0) {
    const skipped = profile && env.AWS_ACCESS_KEY_ID ? '; AWS_ACCESS_KEY_ID is ignored while AWS_PROFILE is set' : '';
    return { what: `profile ${profile ?? 'default'} in ${files.join(' and ')} (keys, SSO, role or credential_process)${skipped}` };
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    return { what: `web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, role ${env.AWS_ROLE_ARN})` };
  }
  const container = ecsOf(env).credentials;
  if (container) return { what: `${CONTAINER_ENDPOINT} (${container})`, variable: container, remote: 'container' };
  if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED !== 'false') {
    return {
      what: profile
        ? `profile ${profile}, which is in no shared config or credentials file`
        : 'none (no key variables, profile, web identity or container endpoint; instance metadata disabled)',
    };
  }
  return { what: 'EC2 instance metadata (no key variables, profile, web identity or container endpoint is set)', remote: 'imds' };
}

/**
 * The SDK's own record of where credentials came from (`$source` features set by each
 * provider), in words. No feature: the container endpoint's fallback or instance metadata.
 */
export function describeCredentialFeatures(features: readonly string[], env: Env): string {
  const profile = env.AWS_PROFILE ?? 'default';
  const has = (name: string) => features.includes(name);
  if (has('CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN')) return `web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, role ${env.AWS_ROLE_ARN ?? '?'})`;
  if (has('CREDENTIALS_ENV_VARS')) return 'environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)';
  if (has('CREDENTIALS_PROFILE_SSO') || has('CREDENTIALS_PROFILE_SSO_LEGACY') || has('CREDENTIALS_SSO') || has('CREDENTIALS_SSO_LEGACY'))
    return `profile ${profile}: SSO`;
  if (has('CREDENTIALS_PROFILE_PROCESS') || has('CREDENTIALS_PROCESS')) return `profile ${profile}: credential_process`;
  if (has('CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN')) return `profile ${profile}: web identity token`;
  if (has('CREDENTIALS_PROFILE_SOURCE_PROFILE') || has('CREDENTIALS_PROFILE_NAMED_PROVIDER')) return `profile ${profile}: assumed role`;
  if (has('CREDENTIALS_PROFILE_LOGIN') || has('CREDENTIALS_LOGIN')) return `profile ${profile}: console login`;
  if (has('CREDENTIALS_PROFILE')) return `profile ${profile}: keys in the shared files`;
  const container = ecsOf(env).credentials;
  if (has('CREDENTIALS_HTTP')) return `${CONTAINER_ENDPOINT} (${container ?? 'AWS_CONTAINER_CREDENTIALS_*'})`;
  return container ? `${CONTAINER_ENDPOINT} (${container})` : 'EC2 instance metadata';
}

/** The shared files the SDK reads (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, or ~/.aws/...). */
function profileFiles(env: Env): string[] {
  const home = env.HOME || homedir();
  const expand = (file: string) => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
  return [expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')), expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'))];
}

/** Whether an ini file has `[name]`, `[profile name]` (config file) or, for default, `[default]`. */
function hasProfile(file: string, name: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return text.split(/\r?\n/).some((line) => {
    const section = /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/.exec(line)?.[1];
    return section === name;
  });
}

/** A URL for a message: without user:password@ (an endpoint variable may carry credentials). */
export function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL: drop anything up to an @ after the scheme.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1');
  }
}
