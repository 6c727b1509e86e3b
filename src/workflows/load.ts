// The only I/O of the workflow audit: read the files a repository's CI is defined in.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ShipgateError } from '../errors.js';
import { auditWorkflowFiles, type WorkflowAudit } from './audit.js';

/** Files read for context besides the workflows themselves. */
const CONTEXT_FILES = ['package.json', '.nvmrc', '.node-version', '.gitlab-ci.yml', '.gitlab-ci.yaml'];

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function readIfFile(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new ShipgateError('workflow-unreadable', `Cannot read ${path}: ${(e as Error).message}`, 'Check the file permissions.');
  }
}

/** Reads `.github/workflows/*.{yml,yaml}`, `.gitlab-ci.yml` and context files under `dir`. */
export async function loadWorkflowFiles(dir: string): Promise<Array<{ path: string; text: string }>> {
  const root = resolve(dir);
  if (!(await isDirectory(root))) {
    throw new ShipgateError(
      'repo-not-found',
      `Cannot audit workflows: ${dir} is not a directory.`,
      'Pass the repository root, e.g. `shipgate workflows .`.',
    );
  }
  const files: Array<{ path: string; text: string }> = [];
  const workflowsDir = join(root, '.github', 'workflows');
  if (await isDirectory(workflowsDir)) {
    const names = (await readdir(workflowsDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    for (const name of names) {
      const text = await readIfFile(join(workflowsDir, name));
      if (text !== undefined) files.push({ path: `.github/workflows/${name}`, text });
    }
  }
  for (const name of CONTEXT_FILES) {
    const text = await readIfFile(join(root, name));
    if (text !== undefined) files.push({ path: name, text });
  }
  return files;
}

export async function auditRepository(dir: string): Promise<WorkflowAudit> {
  return auditWorkflowFiles(await loadWorkflowFiles(dir));
}
