// What the bundle holds in place of src/stores/aws.ts (README, Development): that module and
// the AWS SDK, bundled on their own by build/build.mjs, as a string compiled on first use.
// The build passes the string and names in by esbuild's `define`. In the single executable,
// V8's code cache for the string comes as an asset.
import { Script } from 'node:vm';
import type * as aws from '../src/stores/aws.js';
import * as store from '../src/stores/store.js';

declare const __SSM_ENTRYPOINT_SDK_SOURCE__: string; // `(function (exports, require, module) {...})`
declare const __SSM_ENTRYPOINT_SDK_FILENAME__: string;
declare const __SSM_ENTRYPOINT_SDK_CACHE_ASSET__: string;
declare const __SSM_ENTRYPOINT_SHARED_STORE__: string; // the SDK build's name for ./store.js

// The bundle is CommonJS: require() is its own (in the single executable, built-in modules only).
/* eslint-disable @typescript-eslint/no-require-imports */
let cachedData: Uint8Array | undefined;
try {
  // node:sea exists from Node 20.12 on; without it there is no cache to use.
  const sea = require('node:sea') as typeof import('node:sea');
  if (sea.isSea()) cachedData = new Uint8Array(sea.getAsset(__SSM_ENTRYPOINT_SDK_CACHE_ASSET__));
} catch {
  // not a single executable
}
const module = { exports: {} as typeof aws };
// The SDK's bundle shares stores/store.ts with this one: StoreError must be one class for `instanceof`.
const load = (id: string): unknown => (id === __SSM_ENTRYPOINT_SHARED_STORE__ ? store : require(id));
/* eslint-enable @typescript-eslint/no-require-imports */
const script = new Script(__SSM_ENTRYPOINT_SDK_SOURCE__, { filename: __SSM_ENTRYPOINT_SDK_FILENAME__, cachedData });
(script.runInThisContext() as (exports: object, require: (id: string) => unknown, module: object) => void)(module.exports, load, module);

export const createAwsStore: typeof aws.createAwsStore = module.exports.createAwsStore;
