/**
 * `node:crypto`, loaded the first time a caller hashes or draws random bytes. Importing it at
 * start costs every process ~10 ms (it brings its ciphers and streams), which the commands that
 * only read — `flowbench show`, `runs`, `artifact` — never use (issue 11: a CLI that starts at
 * once). Node caches the module, so later calls cost a lookup.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
