// A tiny npm registry on 127.0.0.1 serving recorded trust fixtures: packuments, version
// documents, attestations, keys and tarballs. Each test builds the registry it needs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FIXTURES = path.resolve(process.cwd(), '../shared/fixtures/registry-trust');
export const TRUST_DIR = path.resolve(process.cwd(), 'trust');

export function fixtureJson(rel: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, rel), 'utf8')) as Record<string, unknown>;
}

export function fixtureBytes(rel: string): Buffer {
  return readFileSync(path.join(FIXTURES, rel));
}

export function sri512(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export type Manifest = Record<string, unknown> & { dist: Record<string, unknown> };

export interface FakeVersion {
  manifest: Manifest;
  /** Attestations response body; undefined means 404. */
  attestations?: unknown;
  /** Tarball bytes; undefined means 404. */
  tarball?: Buffer;
  /** Packument `time[version]`; omitted when undefined. */
  time?: string;
}

export interface FakePackage {
  name: string;
  versions: Record<string, FakeVersion>;
  distTags?: Record<string, string>;
}

export interface FakeRegistry {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function manifestFixture(rel: string): Manifest {
  return structuredClone(fixtureJson(rel)) as Manifest;
}

/** Starts the registry; `keys` is the `/-/npm/v1/keys` body (null: 404). */
export async function startRegistry(packages: FakePackage[], keys: unknown = fixtureJson('keys.json')): Promise<FakeRegistry> {
  const requests: string[] = [];
  let base = '';
  const byName = new Map(packages.map((p) => [p.name, p]));

  const tarballPath = (name: string, version: string) => `/${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
  const served = (pkg: FakePackage, version: string): Manifest => {
    const m = structuredClone(pkg.versions[version].manifest);
    m.dist = { ...m.dist, tarball: `${base}${tarballPath(pkg.name, version)}` };
    return m;
  };

  const server: Server = createServer((req, res) => {
    const raw = (req.url ?? '/').split('?')[0];
    requests.push(raw);
    const url = decodeURIComponent(raw);
    const send = (status: number, body: unknown, type = 'application/json') => {
      const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      res.writeHead(status, { 'content-type': type, 'content-length': buf.length });
      res.end(buf);
    };
    const notFound = () => send(404, { error: 'Not found' });

    if (url === '/-/npm/v1/keys') return keys === null ? notFound() : send(200, keys);
    const att = /^\/-\/npm\/v1\/attestations\/(.+)@([^@]+)$/.exec(url);
    if (att) {
      const v = byName.get(att[1])?.versions[att[2]];
      return v?.attestations === undefined ? notFound() : send(200, v.attestations);
    }
    for (const pkg of packages) {
      for (const [version, v] of Object.entries(pkg.versions)) {
        if (url === tarballPath(pkg.name, version)) {
          return v.tarball ? send(200, v.tarball, 'application/octet-stream') : notFound();
        }
      }
      if (url === `/${pkg.name}`) {
        const versions: Record<string, Manifest> = {};
        const time: Record<string, string> = {};
        for (const [version, v] of Object.entries(pkg.versions)) {
          versions[version] = served(pkg, version);
          if (v.time) time[version] = v.time;
        }
        const latest = Object.keys(pkg.versions).at(-1) ?? '';
        return send(200, { name: pkg.name, 'dist-tags': pkg.distTags ?? { latest }, versions, ...(Object.keys(time).length ? { time } : {}) });
      }
      const ver = url.startsWith(`/${pkg.name}/`) ? url.slice(pkg.name.length + 2) : undefined;
      if (ver && pkg.versions[ver]) return send(200, served(pkg, ver));
    }
    return notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/** The recorded fixture versions, ready to serve. */
export function tufJs(overrides: Partial<FakeVersion> = {}): FakePackage {
  return {
    name: 'tuf-js',
    versions: {
      '1.0.0': {
        manifest: manifestFixture('tuf-js-1.0.0/manifest.json'),
        attestations: fixtureJson('tuf-js-1.0.0/attestations.json'),
        tarball: fixtureBytes('tuf-js-1.0.0/tuf-js-1.0.0.tgz'),
        ...overrides,
      },
    },
  };
}

export function sigstore(version: '1.0.0' | '0.4.0', attestationsFile = 'attestations.json'): FakePackage {
  return {
    name: 'sigstore',
    versions: {
      [version]: {
        manifest: manifestFixture(`sigstore-${version}/manifest.json`),
        attestations: fixtureJson(`sigstore-${version}/${attestationsFile}`),
      },
    },
  };
}

/** gundam-visor has no recorded version document: build one whose integrity is the tarball's sha512. */
export function gundamVisor(attestationsFile = 'attestations.json'): FakePackage {
  const tarball = fixtureBytes('gundam-visor-1.0.1/gundam-visor-1.0.1.tgz');
  return {
    name: 'gundam-visor',
    versions: {
      '1.0.1': {
        manifest: {
          name: 'gundam-visor',
          version: '1.0.1',
          _id: 'gundam-visor@1.0.1',
          dist: {
            integrity: sri512(tarball),
            tarball: 'https://registry.npmjs.org/gundam-visor/-/gundam-visor-1.0.1.tgz',
            attestations: {
              url: 'https://registry.npmjs.org/-/npm/v1/attestations/gundam-visor@1.0.1',
              provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
            },
          },
        },
        attestations: fixtureJson(`gundam-visor-1.0.1/${attestationsFile}`),
        tarball,
      },
    },
  };
}
