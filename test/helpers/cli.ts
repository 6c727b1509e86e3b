import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = process.cwd();
export const BIN = path.join(ROOT, 'bin', 'shipgate.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real binary (built dist/) with NO_COLOR=1; a hang fails the test via the timeout. */
export function shipgate(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function tempDir(prefix = 'shipgate-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
