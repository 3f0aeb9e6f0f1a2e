// Parameter Store through the AWS SDK. Imported lazily by aws.ts.
import { GetParameterCommand, GetParametersCommand, SSMClient, paginateGetParametersByPath, type Parameter as SdkParameter } from '@aws-sdk/client-ssm';
import { parameterIdentity } from '../sources/identifiers.js';
import { StoreCall, clientConfig, errorName, regionOf, regionalClients } from './aws-clients.js';
import type { Logger } from '../core/log.js';
import type { FetchContext, Outcome, Parameter, ParameterQuery, ParameterType, Store } from './store.js';

export interface AwsStoreOptions {
  /** --region; otherwise the SDK default chain (AWS_REGION, profile, ...). */
  region: string | undefined;
  /** --verbose: every failed attempt. */
  log?: Logger;
}

const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound']);

export function createSsmStore(options: AwsStoreOptions): Pick<Store, 'getParametersByPath' | 'getParameters'> {
  const ssm = regionalClients(options.region, (region) => new SSMClient(clientConfig(region)));

  /** GetParameters for names (with `:version`/`:label`), one call. */
  const byNames = async (client: SSMClient, queries: readonly ParameterQuery[], ctx: FetchContext): Promise<Outcome<Parameter>[]> => {
    // Answers are matched to questions by Name, the way Parameter Store identifies a
    // parameter: it answers `ssm://TestParam1` with the stored `/TestParam1` (and the
    // reverse). moto does not echo `Selector`, so a call must not hold two queries for one
    // parameter (resolve/batch.ts packs calls that way).
    if (new Set(queries.map((q) => parameterIdentity(q.name))).size !== queries.length) throw new Error('GetParameters: one query per parameter per call');
    const names = queries.map(apiName);
    const call = new StoreCall('ssm', 'GetParameters', names, options.log);
    const started = Date.now();
    let out;
    try {
      out = await client.send(call.watch(new GetParametersCommand({ Names: names, WithDecryption: true })), { abortSignal: ctx.signal });
    } catch (error) {
      throw await call.failed(client, error);
    }
    ctx.log.debug('GetParameters', { names, got: out.Parameters?.length ?? 0, ms: Date.now() - started });
    const region = await regionOf(client);
    return queries.map((query): Outcome<Parameter> => {
      const p = out.Parameters?.find((candidate) => parameterIdentity(candidate.Name ?? '') === parameterIdentity(query.name));
      return p ? { status: 'found', value: fromSdk(p) } : { status: 'missing', region };
    });
  };

  /**
   * GetParameter for one ARN. AWS's GetParameters accepts ARNs but moto's does not, and
   * GetParameter takes them on both; its one answer needs no matching of a returned Name
   * to the requested ARN (which differ). ARN references are few (cross-region or
   * cross-account), and they run concurrently with everything else.
   */
  const byArn = async (client: SSMClient, query: ParameterQuery, ctx: FetchContext): Promise<Outcome<Parameter>> => {
    const name = apiName(query);
    const call = new StoreCall('ssm', 'GetParameter', [name], options.log);
    const started = Date.now();
    try {
      const out = await client.send(call.watch(new GetParameterCommand({ Name: name, WithDecryption: true })), { abortSignal: ctx.signal });
      ctx.log.debug('GetParameter', { name, ms: Date.now() - started });
      return out.Parameter ? { status: 'found', value: fromSdk(out.Parameter) } : { status: 'missing', region: await regionOf(client) };
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return { status: 'missing', region: await regionOf(client) };
      return { status: 'failed', error: await call.failed(client, error) };
    }
  };

  return {
    async getParametersByPath(path, ctx) {
      const client = ssm(undefined);
      const call = new StoreCall('ssm', 'GetParametersByPath', [path], options.log);
      const parameters: Parameter[] = [];
      // Pages of 10 (the API's maximum); the paginator follows NextToken until it is
      // absent, through empty pages too (AWS may answer those), and passes the deadline's
      // abortSignal to every page's send.
      const pages = paginateGetParametersByPath(
        { client, pageSize: 10, withCommand: call.watch },
        { Path: path, Recursive: true, WithDecryption: true },
        { abortSignal: ctx.signal },
      );
      let page = 0;
      let started = Date.now();
      try {
        for await (const out of pages) {
          page++;
          for (const p of out.Parameters ?? []) parameters.push(fromSdk(p));
          ctx.log.debug('GetParametersByPath', { path, page, got: out.Parameters?.length ?? 0, ms: Date.now() - started });
          started = Date.now();
        }
      } catch (error) {
        throw await call.failed(client, error);
      }
      return parameters;
    },

    async getParameters(queries, ctx) {
      const client = ssm(queries[0]?.region);
      const named = queries.filter((q) => q.arn === undefined);
      const [byName, byArns] = await Promise.all([
        named.length > 0 ? byNames(client, named, ctx) : [],
        Promise.all(queries.filter((q) => q.arn !== undefined).map((q) => byArn(client, q, ctx))),
      ]);
      // Back in the order of the queries.
      let n = 0;
      let a = 0;
      return queries.map((q) => (q.arn === undefined ? byName[n++]! : byArns[a++]!));
    },
  };
}

/** What the API is asked for: the name or ARN, with `:version` or `:label`. */
function apiName(query: ParameterQuery): string {
  const base = query.arn ?? query.name;
  if (query.version !== undefined) return `${base}:${query.version}`;
  if (query.label !== undefined) return `${base}:${query.label}`;
  return base;
}

function fromSdk(p: SdkParameter): Parameter {
  return { name: p.Name ?? '', value: p.Value ?? '', type: (p.Type ?? 'String') as ParameterType, version: p.Version };
}
