import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency, through require. Importing one from an ES module makes Node lex its
 * source for export names (cjs-module-lexer), and that lexer is then compiled on a background
 * thread: ~50 ms of start-up and ~60-90 ms of CPU per run, for packages require loads directly.
 */
export function requireCjs<T>(id: string): T {
  return require(id) as T;
}

/**
 * A CommonJS dependency loaded on first use. pacote, npm-registry-fetch and sigstore cost ~100-300
 * ms each to load; `shipgate check` without a registry baseline never needs them.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireCjs<T>(id));
}
