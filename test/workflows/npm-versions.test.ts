import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyNodeVersion, classifyNpmSpec, nodeBelowTrustedFloor, nodeVersionOfImage } from '../../src/workflows/npm-versions.js';

describe('which Node bundles npm ≥ 11.5.1', () => {
  const table: Array<[string, 'ok' | 'old' | 'unknown']> = [
    ['24', 'ok'],
    ['24.x', 'ok'],
    ['24.5.0', 'ok'],
    ['24.4.1', 'old'],
    ['v24.4', 'old'],
    ['25', 'ok'],
    ['>=22', 'ok'],
    ['22', 'old'],
    ['22.x', 'old'],
    ['22.14.0', 'old'],
    ['20', 'old'],
    ['18.x', 'old'],
    ['lts/*', 'ok'],
    ['latest', 'ok'],
    ['node', 'ok'],
    ['lts/jod', 'old'],
    ['lts/krypton', 'ok'],
    ['iron', 'old'],
    ['lts/-1', 'unknown'],
    ['${{ matrix.node }}', 'unknown'],
    ['', 'unknown'],
    ['banana', 'unknown'],
  ];
  for (const [spec, kind] of table) {
    it(`node-version ${JSON.stringify(spec)} → ${kind}`, () => assert.equal(classifyNodeVersion(spec).kind, kind));
  }
});

describe('npm install specs', () => {
  const table: Array<[string, 'ok' | 'old' | 'unknown']> = [
    ['', 'ok'],
    ['latest', 'ok'],
    ['11', 'ok'],
    ['^11.5.1', 'ok'],
    ['11.5.1', 'ok'],
    ['11.5.0', 'old'],
    ['10', 'old'],
    ['latest-10', 'old'],
    ['12', 'ok'],
    ['$NPM_VERSION', 'unknown'],
  ];
  for (const [spec, kind] of table) {
    it(`npm@${spec || '(none)'} → ${kind}`, () => assert.equal(classifyNpmSpec(spec).kind, kind));
  }

  it('knows npm documents Node 22.14.0 as the floor', () => {
    assert.equal(nodeBelowTrustedFloor('20'), true);
    assert.equal(nodeBelowTrustedFloor('22.12.0'), true);
    assert.equal(nodeBelowTrustedFloor('22'), false);
    assert.equal(nodeBelowTrustedFloor('lts/*'), false);
  });
});

describe('Node images', () => {
  const table: Array<[string, string | undefined]> = [
    ['node:24-alpine', '24'],
    ['node:22.14.0-bookworm-slim', '22.14.0'],
    ['docker.io/library/node:lts', 'lts'],
    ['node', 'latest'],
    ['cimg/node:22.14', '22.14'],
    ['node:24@sha256:abc', '24'],
    ['registry.example.com:5000/node:20', '20'],
    ['ubuntu:24.04', undefined],
  ];
  for (const [image, version] of table) {
    it(`${image} → ${String(version)}`, () => assert.equal(nodeVersionOfImage(image), version));
  }
});
