// `shipgate verify`: is this published version what the registry signed, and was it built
// where its provenance says, by the identity we expect? Network reads happen in
// `verifyVersion`; every check after that is a pure function of what was read.
import { createHash, verify as verifySignatureBytes } from 'node:crypto';
import path from 'node:path';
import type * as SigstoreBundle from '@sigstore/bundle';
import type * as SigstoreSpecs from '@sigstore/protobuf-specs';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type * as SigstoreVerify from '@sigstore/verify';
import type { SignedEntity, Signer, VerificationPolicy, Verifier } from '@sigstore/verify';
import type Semver from 'semver';
import { ShipgateError } from '../errors.js';
import { lazyRequire, requireCjs } from '../util/lazy.js';
import {
  escapePackageName,
  fetchPackument,
  fetchRegistryBytes,
  fetchRegistryJson,
  isObject,
  registryContext,
  type Packument,
  type RegistryContext,
  type RegistryOptions,
  type VersionManifest,
} from './fetch.js';
import {
  NPM_KEYS_FILE,
  NPM_KEYS_HOST,
  TRUSTED_ROOT_FILE,
  defaultTrustDir,
  keyWindowProblem,
  loadKeysFile,
  loadShippedKeys,
  parseRegistryKeys,
  readJsonFile,
  type RegistryKey,
} from './trust.js';

const semver = requireCjs<typeof Semver>('semver');

// sigstore's libraries load on first use (~150 ms): only `verify` and `history` need them.
const sigstoreBundle = lazyRequire<typeof SigstoreBundle>('@sigstore/bundle');
const sigstoreSpecs = lazyRequire<typeof SigstoreSpecs>('@sigstore/protobuf-specs');
const sigstoreVerify = lazyRequire<typeof SigstoreVerify>('@sigstore/verify');

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
export const PUBLISH_PREDICATE_TYPE = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
export const SLSA_PREDICATE_TYPES: readonly string[] = ['https://slsa.dev/provenance/v0.2', 'https://slsa.dev/provenance/v1'];
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Who must have built the version. Every field is optional; absent means "any". */
export interface IdentityPolicy {
  /** Source repository, `owner/repo` or its URL. Case-insensitive. */
  repository?: string;
  /** Workflow path (`.github/workflows/release.yml`); a bare file name means `.github/workflows/<name>`. */
  workflow?: string;
  /** Glob over the git ref: `*` within one path segment, `**` across segments, `?` one character. */
  ref?: string;
  /** Require a GitHub-hosted runner (provenance must record the runner environment). */
  githubHosted?: boolean;
  /** OIDC issuer of the signing certificate. Default: GitHub Actions when any GitHub field is set. */
  issuer?: string;
  /** A version without provenance fails (default true). */
  requireProvenance?: boolean;
  /** A version without registry signatures fails (default false: many registries do not sign). */
  requireSignature?: boolean;
}

export interface VerifyOptions extends RegistryOptions {
  policy?: IdentityPolicy;
  /** Download the tarball and compare its sha512 with `dist.integrity` (default true). */
  tarball?: boolean;
  /** Folder holding `trusted_root.json` and `keys.tuf-target.json`. Default: the shipped `trust/`. */
  trustDir?: string;
  /** A sigstore `trusted_root.json` to use instead of the shipped one. */
  trustedRoot?: string;
  /** Registry keys to use instead of the shipped/registry ones (either npm key format). */
  keys?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'missing' | 'expired-key' | 'unknown-key';
export interface SignatureCheck {
  status: SignatureStatus;
  keyid?: string;
  /** `shipped`, `registry` or the keys file the key came from. */
  keySource?: string;
  detail: string;
}

export type ProvenanceStatus = 'verified' | 'missing' | 'invalid' | 'identity-mismatch' | 'subject-mismatch';

/** Where and how the version was built, as its provenance says. */
export interface ProvenanceFacts {
  /** `owner/repo` for GitHub, else the repository URL without scheme. */
  repository?: string;
  workflow?: string;
  ref?: string;
  commit?: string;
  builder?: string;
  /** true: GitHub-hosted runner; false: self-hosted; undefined: not recorded. */
  githubHosted?: boolean;
  issuer?: string;
  /** Certificate subject: the workflow that signed (a reusable workflow, when one was called). */
  signer?: string;
  /** Link to the CI run. */
  invocation?: string;
}

export interface ProvenanceCheck extends ProvenanceFacts {
  status: ProvenanceStatus;
  predicateType?: string;
  /** When the transparency log recorded the bundle (ISO). */
  integratedTime?: string;
  detail: string;
}

export type PublishAttestationStatus = 'verified' | 'missing' | 'invalid' | 'subject-mismatch';
export interface PublishAttestationCheck {
  status: PublishAttestationStatus;
  keyid?: string;
  integratedTime?: string;
  detail: string;
}

export type TarballStatus = 'match' | 'mismatch' | 'skipped' | 'unavailable';
export interface TarballCheck {
  status: TarballStatus;
  url?: string;
  /** `sha512-…` of the downloaded bytes. */
  integrity?: string;
  detail: string;
}

export type TrustedPublishing = 'yes' | 'no' | 'unknown';
export type PublishTimeSource = 'packument' | 'publish-attestation' | 'provenance-attestation' | 'unknown';

export interface VerifyResult {
  name: string;
  version: string;
  registry: string;
  integrity?: string;
  publishTime: { value?: string; source: PublishTimeSource };
  signature: SignatureCheck;
  provenance: ProvenanceCheck;
  publishAttestation: PublishAttestationCheck;
  trustedPublishing: TrustedPublishing;
  /** The registry's trusted-publisher record (`_npmUser.trustedPublisher`), when present. */
  trustedPublisher?: { id?: string; oidcConfigId?: string };
  trustedPublishingDetail: string;
  tarball: TarballCheck;
  passed: boolean;
  /** Why the version failed; empty when it passed. */
  problems: string[];
  /** Facts worth knowing that do not fail the version. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Entry point: all I/O happens here.

export async function verifyVersion(spec: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const { name, wanted } = parseSpec(spec);
  const ctx = registryContext(name, options);
  const packument = await fetchPackument(name, ctx);
  const version = pickVersion(packument, wanted);
  if (!version) {
    const tags = Object.entries(packument['dist-tags'] ?? {}).map(([t, v]) => `${t}=${v}`).join(', ');
    throw new ShipgateError(
      'E_VERSION_NOT_FOUND',
      `${name}@${wanted ?? 'latest'} matches no version on ${ctx.registry}`,
      tags ? `dist-tags: ${tags}` : 'the package lists no dist-tags',
    );
  }
  const manifest = packument.versions?.[version] ?? {};
  const trust = await loadTrust(options, ctx);

  const attestations = await readAttestations(name, version, manifest, ctx);

  let tarballBytes: Buffer | undefined;
  let tarballUrl: string | undefined;
  let tarballMissing = false;
  if (options.tarball !== false && manifest.dist?.tarball) {
    tarballUrl = tarballLocation(manifest.dist.tarball, ctx.registry);
    try {
      tarballBytes = await fetchRegistryBytes(tarballUrl, ctx, `tarball of ${name}@${version}`);
    } catch (err) {
      if (!(err instanceof ShipgateError && err.code === 'E_REGISTRY_NOT_FOUND')) throw err;
      tarballMissing = true;
    }
  }

  return evaluate({
    name,
    version,
    registry: ctx.registry,
    manifest,
    publishedAt: packument.time?.[version],
    attestations,
    trust,
    policy: options.policy ?? {},
    tarball: options.tarball === false ? { kind: 'skipped' } : tarballBytes ? { kind: 'bytes', url: tarballUrl, bytes: tarballBytes } : { kind: 'missing', url: tarballUrl, notFound: tarballMissing },
  });
}

/** `name`, `name@version`, `name@range`, `name@tag`, scoped or not. */
export function parseSpec(spec: string): { name: string; wanted?: string } {
  const s = spec.trim();
  const at = s.indexOf('@', 1);
  const name = at > 0 ? s.slice(0, at) : s;
  const wanted = at > 0 ? s.slice(at + 1) : undefined;
  if (!/^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i.test(name) || wanted === '') {
    throw new ShipgateError('E_VERIFY_SPEC', `not a package spec: "${spec}"`, 'expected name, name@version, name@range or name@tag, e.g. tuf-js@1.0.0');
  }
  return { name, wanted };
}

/** npm's choice: a dist-tag, an exact version, or the highest version in a range (preferring `latest`). */
export function pickVersion(packument: Packument, wanted: string | undefined): string | undefined {
  const versions = Object.keys(packument.versions ?? {});
  const tags = packument['dist-tags'] ?? {};
  const want = wanted ?? 'latest';
  if (Object.hasOwn(tags, want) && versions.includes(tags[want])) return tags[want];
  const exact = semver.valid(want, { loose: true });
  if (exact) return versions.find((v) => semver.valid(v, { loose: true }) === exact);
  if (semver.validRange(want, { loose: true }) === null) return undefined;
  const latest = tags.latest;
  if (latest && versions.includes(latest) && semver.satisfies(latest, want, { loose: true })) return latest;
  return semver.maxSatisfying(versions, want, { loose: true }) ?? undefined;
}

interface Trust {
  root: TrustedRoot;
  keys: RegistryKey[];
  notes: string[];
}

async function loadTrust(options: VerifyOptions, ctx: RegistryContext): Promise<Trust> {
  const trustDir = options.trustDir ?? defaultTrustDir();
  const rootFile = options.trustedRoot ?? path.join(trustDir, TRUSTED_ROOT_FILE);
  let root: TrustedRoot;
  try {
    root = sigstoreSpecs().TrustedRoot.fromJSON(readJsonFile(rootFile, 'sigstore trusted root'));
  } catch (err) {
    if (err instanceof ShipgateError) throw err;
    throw new ShipgateError('E_TRUST_FILE', `${rootFile} is not a sigstore trusted root: ${(err as Error).message}`, 'see docs/verify.md for how to refresh it');
  }
  const notes: string[] = [];
  if (options.keys) return { root, keys: loadKeysFile(options.keys), notes };
  const shipped = loadShippedKeys(trustDir);
  if (new URL(ctx.registry).host === NPM_KEYS_HOST) return { root, keys: shipped, notes };
  // Another registry: npm asks it for its keys. Shipped npm keys stay first, so a registry
  // cannot swap the key behind one of npm's keyids.
  let served: RegistryKey[] = [];
  try {
    served = parseRegistryKeys(await fetchRegistryJson('-/npm/v1/keys', ctx, 'registry keys'), 'registry');
  } catch (err) {
    if (!(err instanceof ShipgateError) || err.code === 'E_REGISTRY_UNREACHABLE') throw err;
    notes.push(`the registry serves no usable signing keys (${err.message}); only npm's shipped keys are known`);
  }
  const known = new Set(shipped.map((k) => k.keyid));
  return { root, keys: [...shipped, ...served.filter((k) => !known.has(k.keyid))], notes };
}

type AttestationDoc = { kind: 'none' } | { kind: 'absent'; url: string } | { kind: 'doc'; url: string; doc: unknown };

async function readAttestations(name: string, version: string, manifest: VersionManifest, ctx: RegistryContext): Promise<AttestationDoc> {
  const declared = manifest.dist?.attestations;
  if (!declared) return { kind: 'none' };
  // Like npm, always ask the registry we were pointed at, whatever host the URL names.
  let pathname = `-/npm/v1/attestations/${escapePackageName(name)}@${encodeURIComponent(version)}`;
  if (typeof declared.url === 'string') {
    try {
      pathname = new URL(declared.url).pathname.replace(/^\//, '');
    } catch {
      // keep the default path
    }
  }
  const url = new URL(pathname, ctx.registry).href;
  try {
    return { kind: 'doc', url, doc: await fetchRegistryJson(url, ctx, `attestations of ${name}@${version}`) };
  } catch (err) {
    if (err instanceof ShipgateError && err.code === 'E_REGISTRY_NOT_FOUND') return { kind: 'absent', url };
    throw err;
  }
}

/** npm's `replace-registry-host` default: tarballs on registry.npmjs.org are fetched from the configured registry. */
function tarballLocation(tarball: string, registry: string): string {
  try {
    const url = new URL(tarball);
    if (url.host === NPM_KEYS_HOST && new URL(registry).host !== NPM_KEYS_HOST) {
      return new URL(url.pathname.replace(/^\//, ''), registry).href;
    }
  } catch {
    // relative or odd URL: let the fetch report it
  }
  return tarball;
}

// ---------------------------------------------------------------------------------------------
// Decisions: pure functions of what was read.

type TarballInput = { kind: 'skipped' } | { kind: 'bytes'; url?: string; bytes: Buffer } | { kind: 'missing'; url?: string; notFound: boolean };

interface EvaluateInput {
  name: string;
  version: string;
  registry: string;
  manifest: VersionManifest;
  publishedAt?: string;
  attestations: AttestationDoc;
  trust: Trust;
  policy: IdentityPolicy;
  tarball: TarballInput;
}

function evaluate(input: EvaluateInput): VerifyResult {
  const { name, version, manifest, policy } = input;
  const problems: string[] = [];
  const notes = [...input.trust.notes];
  const integrity = typeof manifest.dist?.integrity === 'string' ? manifest.dist.integrity : undefined;
  const digestHex = sha512Hex(integrity);

  if (manifest.name !== undefined && manifest.name !== name) problems.push(`the version document names package ${manifest.name}, not ${name}`);
  if (manifest.version !== undefined && manifest.version !== version) problems.push(`the version document says version ${manifest.version}, not ${version}`);
  if (manifest._id !== undefined && manifest._id !== `${name}@${version}`) problems.push(`the version document has _id ${manifest._id}, not ${name}@${version}`);
  if (!digestHex) problems.push(`${name}@${version} has no sha512 dist.integrity, so nothing ties the tarball to its signatures`);

  const bundles = readBundles(input.attestations, problems);
  const { Verifier, toTrustMaterial } = sigstoreVerify();
  const verifier = new Verifier(toTrustMaterial(input.trust.root, keyFinder(input.trust.keys)), { tlogThreshold: 1, ctlogThreshold: 1 });
  const attestationKeyids = new Set(input.trust.keys.filter((k) => k.usage === 'npm:attestations').map((k) => k.keyid));
  const outcomes = bundles.map((b) => checkBundle(b, { name, version, digestHex, verifier, attestationKeyids, policy }));

  const provenance = summariseProvenance(outcomes, input, problems);
  const publishAttestation = summarisePublish(outcomes, problems, notes);

  const publishTime = publishTimeOf(input.publishedAt, outcomes);
  const signature = checkRegistrySignature({
    name,
    version,
    integrity,
    signatures: manifest.dist?.signatures,
    keys: input.trust.keys,
    publishedAt: publishTime.value ? new Date(publishTime.value) : undefined,
  });
  switch (signature.status) {
    case 'valid':
      break;
    case 'missing':
      if (policy.requireSignature) problems.push(`${name}@${version} has no registry signature`);
      else notes.push('the registry serves no signature for this version');
      break;
    case 'invalid':
    case 'expired-key':
    case 'unknown-key':
      problems.push(`registry signature ${signature.status}: ${signature.detail}`);
      break;
    default:
      assertNever(signature.status);
  }

  const tarball = checkTarball(input.tarball, integrity);
  if (tarball.status === 'mismatch' || tarball.status === 'unavailable') problems.push(`tarball ${tarball.status}: ${tarball.detail}`);

  const tp = trustedPublishingOf(manifest);
  return {
    name,
    version,
    registry: input.registry,
    integrity,
    publishTime,
    signature,
    provenance,
    publishAttestation,
    trustedPublishing: tp.status,
    trustedPublisher: tp.publisher,
    trustedPublishingDetail: tp.detail,
    tarball,
    passed: problems.length === 0,
    problems,
    notes,
  };
}

function assertNever(x: never): never {
  throw new Error(`unhandled case: ${String(x)}`);
}

/** Hex of the sha512 in an SRI string, or undefined. */
export function sha512Hex(integrity: string | undefined): string | undefined {
  const entry = integrity?.split(/\s+/).find((e) => e.startsWith('sha512-'));
  if (!entry) return undefined;
  const hex = Buffer.from(entry.slice('sha512-'.length).replace(/\?.*$/, ''), 'base64').toString('hex');
  return hex.length === 128 ? hex : undefined;
}

/** The in-toto subject name npm gives a version: `pkg:npm/%40scope/name@1.0.0` (npm-package-arg `toPurl`). */
export function npmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

// --- registry signature ------------------------------------------------------------------------

export interface SignatureInput {
  name: string;
  version: string;
  integrity?: string;
  signatures?: unknown;
  keys: readonly RegistryKey[];
  /** When the version was published; unknown means "no later than now". */
  publishedAt?: Date;
  now?: Date;
}

/**
 * npm's registry signature: ECDSA P-256 over `${name}@${version}:${integrity}`, by a key whose
 * `expires` is a cutoff on publish time. Any bad signature fails; otherwise one good one passes.
 */
export function checkRegistrySignature(input: SignatureInput): SignatureCheck {
  const list = Array.isArray(input.signatures) ? input.signatures.filter(isObject) : [];
  if (list.length === 0) return { status: 'missing', detail: 'dist.signatures is absent' };
  if (!input.integrity) return { status: 'invalid', detail: 'signatures present but dist.integrity is missing' };
  const message = Buffer.from(`${input.name}@${input.version}:${input.integrity}`);
  const results: SignatureCheck[] = [];
  for (const entry of list) {
    const keyid = typeof entry.keyid === 'string' ? entry.keyid : '';
    const sig = typeof entry.sig === 'string' ? entry.sig : '';
    const key = input.keys.find((k) => k.keyid === keyid && k.usage === 'npm:signatures');
    if (!key) {
      results.push({ status: 'unknown-key', keyid, detail: `no known registry key has keyid ${keyid || '(none)'}` });
      continue;
    }
    let ok = false;
    try {
      ok = verifySignatureBytes('sha256', message, key.publicKey, Buffer.from(sig, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) {
      results.push({ status: 'invalid', keyid, keySource: key.source, detail: `signature by ${keyid} does not match ${input.name}@${input.version}:${input.integrity}` });
      continue;
    }
    const window = input.publishedAt
      ? keyWindowProblem(key, input.publishedAt)
      : key.validUntil && (input.now ?? new Date()) >= key.validUntil
        ? `key ${keyid} expired ${key.validUntil.toISOString()} and the publish time is unknown, so the signature cannot be shown to predate it`
        : undefined;
    results.push(
      window
        ? { status: 'expired-key', keyid, keySource: key.source, detail: window }
        : { status: 'valid', keyid, keySource: key.source, detail: `signed by ${keyid} (${key.source} key)` },
    );
  }
  const order: SignatureStatus[] = ['invalid', 'valid', 'expired-key', 'unknown-key'];
  for (const status of order) {
    const hit = results.find((r) => r.status === status);
    if (hit) return hit;
  }
  return { status: 'missing', detail: 'dist.signatures holds no signature objects' };
}

// --- attestations --------------------------------------------------------------------------------

interface BundleEntry {
  predicateType: string;
  bundle: unknown;
}

function readBundles(doc: AttestationDoc, problems: string[]): BundleEntry[] {
  if (doc.kind === 'none') return [];
  if (doc.kind === 'absent') {
    problems.push(`the version document lists attestations but ${doc.url} answered 404`);
    return [];
  }
  const list = isObject(doc.doc) && Array.isArray(doc.doc.attestations) ? doc.doc.attestations : undefined;
  if (!list) {
    problems.push(`${doc.url} did not return an attestations list`);
    return [];
  }
  return list.filter(isObject).map((a) => ({ predicateType: typeof a.predicateType === 'string' ? a.predicateType : '', bundle: a.bundle }));
}

function keyFinder(keys: readonly RegistryKey[]) {
  return (hint: string) => {
    const key = keys.find((k) => k.keyid === hint && k.usage === 'npm:attestations');
    if (!key) throw new Error(`no registry attestation key has keyid ${hint}`);
    return { publicKey: key.publicKey, validFor: (at: Date) => keyWindowProblem(key, at) === undefined };
  };
}

interface Statement {
  predicateType?: unknown;
  subject?: unknown;
  predicate?: unknown;
}

type BundleKind = 'provenance' | 'publish' | 'other';

interface BundleOutcome {
  kind: BundleKind;
  predicateType: string;
  /** Why the bundle is not authentic (signature, chain, log, keyid policy, malformed). */
  invalid: string[];
  /** Why an authentic bundle is about something else. */
  subject: string[];
  /** Why the signer is not who the policy wants. */
  identity: string[];
  facts: ProvenanceFacts;
  keyid?: string;
  integratedTime?: Date;
}

interface BundleContext {
  name: string;
  version: string;
  digestHex?: string;
  verifier: Verifier;
  attestationKeyids: ReadonlySet<string>;
  policy: IdentityPolicy;
}

function kindOf(predicateType: string): BundleKind {
  if (SLSA_PREDICATE_TYPES.includes(predicateType)) return 'provenance';
  if (predicateType === PUBLISH_PREDICATE_TYPE) return 'publish';
  return 'other';
}

function checkBundle(entry: BundleEntry, ctx: BundleContext): BundleOutcome {
  const out: BundleOutcome = { kind: kindOf(entry.predicateType), predicateType: entry.predicateType, invalid: [], subject: [], identity: [], facts: {} };
  const raw = isObject(entry.bundle) ? entry.bundle : {};
  const envelope = isObject(raw.dsseEnvelope) ? raw.dsseEnvelope : {};
  const sig0 = Array.isArray(envelope.signatures) && isObject(envelope.signatures[0]) ? envelope.signatures[0] : {};
  out.keyid = typeof sig0.keyid === 'string' && sig0.keyid ? sig0.keyid : undefined;
  out.integratedTime = firstIntegratedTime(raw);

  let statement: Statement | undefined;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    out.invalid.push(`payload type is ${JSON.stringify(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  try {
    const parsed = JSON.parse(Buffer.from(String(envelope.payload ?? ''), 'base64').toString('utf8')) as unknown;
    if (isObject(parsed)) statement = parsed;
  } catch {
    // reported below
  }
  if (!statement) out.invalid.push('the DSSE payload is not an in-toto statement');
  else if (statement.predicateType !== entry.predicateType) {
    out.invalid.push(`statement predicate type ${String(statement.predicateType)} differs from the listed ${entry.predicateType}`);
  }

  let signer: Signer | undefined;
  let entity: SignedEntity | undefined;
  try {
    entity = sigstoreVerify().toSignedEntity(sigstoreBundle().bundleFromJSON(entry.bundle));
    signer = ctx.verifier.verify(entity);
  } catch (err) {
    out.invalid.push(`sigstore verification failed: ${describeError(err)}`);
  }
  // npm rejects a DSSE keyid that names no registry key, even though the keyid is unsigned.
  if (out.keyid && !ctx.attestationKeyids.has(out.keyid)) {
    out.invalid.push(`the DSSE signature claims keyid ${out.keyid}, which is no registry attestation key (npm rejects this)`);
  }

  if (statement) checkSubject(statement, out, ctx);
  if (out.kind !== 'provenance') return out;

  const cert = signer ? certificateFacts(signer) : undefined;
  const predicate = statement ? predicateFacts(statement) : {};
  out.facts = mergeFacts(cert, predicate, out.invalid);
  if (signer && entity && cert) checkIdentity(ctx, entity, cert, out);
  return out;
}

function describeError(err: unknown): string {
  if (isObject(err) && typeof err.code === 'string' && typeof err.message === 'string') return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

function firstIntegratedTime(bundle: Record<string, unknown>): Date | undefined {
  const vm = isObject(bundle.verificationMaterial) ? bundle.verificationMaterial : {};
  const entries = Array.isArray(vm.tlogEntries) ? vm.tlogEntries : [];
  const t = isObject(entries[0]) ? Number(entries[0].integratedTime) : NaN;
  return Number.isFinite(t) && t > 0 ? new Date(t * 1000) : undefined;
}

function checkSubject(statement: Statement, out: BundleOutcome, ctx: BundleContext): void {
  const purl = npmPurl(ctx.name, ctx.version);
  const subjects = Array.isArray(statement.subject) ? statement.subject.filter(isObject) : [];
  const first = subjects[0];
  if (!first) {
    out.subject.push('the statement has no subject');
    return;
  }
  const digest = isObject(first.digest) && typeof first.digest.sha512 === 'string' ? first.digest.sha512.toLowerCase() : undefined;
  if (first.name !== purl) out.subject.push(`subject is ${String(first.name)}, expected ${purl}`);
  if (!digest) out.subject.push('subject has no sha512 digest');
  else if (ctx.digestHex && digest !== ctx.digestHex) {
    out.subject.push(`subject sha512 ${digest.slice(0, 16)}… differs from dist.integrity ${ctx.digestHex.slice(0, 16)}…`);
  }
  if (out.kind === 'publish' && isObject(statement.predicate)) {
    const p = statement.predicate;
    if (p.name !== ctx.name || p.version !== ctx.version) {
      out.subject.push(`publish attestation is for ${String(p.name)}@${String(p.version)}`);
    }
  }
}

// Fulcio certificate extensions (OID arc 1.3.6.1.4.1.57264.1), and why each is read.
// The v1 extensions hold raw strings; .8 onwards hold DER UTF8Strings.
const FULCIO = {
  workflowSha: { oid: '1.3.6.1.4.1.57264.1.3', why: 'commit (legacy extension, older certificates)' },
  workflowRepository: { oid: '1.3.6.1.4.1.57264.1.5', why: 'owner/repo (legacy extension)' },
  workflowRef: { oid: '1.3.6.1.4.1.57264.1.6', why: 'git ref (legacy extension)' },
  buildSignerUri: { oid: '1.3.6.1.4.1.57264.1.9', why: 'the workflow that held the signing identity' },
  runnerEnvironment: { oid: '1.3.6.1.4.1.57264.1.11', why: 'github-hosted or self-hosted runner' },
  sourceRepositoryUri: { oid: '1.3.6.1.4.1.57264.1.12', why: 'source repository' },
  sourceRepositoryDigest: { oid: '1.3.6.1.4.1.57264.1.13', why: 'commit built' },
  sourceRepositoryRef: { oid: '1.3.6.1.4.1.57264.1.14', why: 'git ref built' },
  buildConfigUri: { oid: '1.3.6.1.4.1.57264.1.18', why: 'top-level workflow (the caller of any reusable workflow)' },
  runInvocationUri: { oid: '1.3.6.1.4.1.57264.1.21', why: 'link to the CI run' },
} as const satisfies Record<string, { oid: string; why: string }>;

interface CertFacts {
  san?: string;
  issuer?: string;
  repositoryUri?: string;
  ref?: string;
  commit?: string;
  runnerEnvironment?: string;
  /** Workflow URI of the top-level workflow (`https://github.com/o/r/<path>@<ref>`). */
  callerWorkflowUri?: string;
  invocation?: string;
}

function certificateFacts(signer: Signer): CertFacts {
  const ext = new Map<string, string>();
  for (const pair of signer.identity?.oids ?? []) {
    const oid = pair.oid?.id.join('.');
    if (oid?.startsWith('1.3.6.1.4.1.57264.1.')) ext.set(oid, derString(pair.value));
  }
  const get = (k: keyof typeof FULCIO) => ext.get(FULCIO[k].oid) || undefined;
  const legacyRepo = get('workflowRepository');
  const san = signer.identity?.subjectAlternativeName;
  return {
    san,
    issuer: signer.identity?.extensions?.issuer,
    repositoryUri: get('sourceRepositoryUri') ?? (legacyRepo ? `https://github.com/${legacyRepo}` : undefined),
    ref: get('sourceRepositoryRef') ?? get('workflowRef'),
    commit: get('sourceRepositoryDigest') ?? get('workflowSha'),
    runnerEnvironment: get('runnerEnvironment'),
    callerWorkflowUri: get('buildConfigUri'),
    invocation: get('runInvocationUri'),
  };
}

/** A DER UTF8/Printable/IA5 string, or the bytes as UTF-8 for the legacy raw extensions. */
function derString(value: Buffer): string {
  const tag = value[0];
  if ((tag === 0x0c || tag === 0x13 || tag === 0x16) && value.length >= 2) {
    let len = value[1];
    let start = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | value[2 + i];
      start = 2 + n;
    }
    if (start + len === value.length) return value.subarray(start).toString('utf8');
  }
  return value.toString('utf8');
}

interface PredicateFacts {
  repository?: string;
  workflow?: string;
  ref?: string;
  commit?: string;
  builder?: string;
  runnerEnvironment?: string;
  invocation?: string;
}

/** What the SLSA predicate says (v0.2 from npm's GitHub/GitLab builder, or v1). */
export function predicateFacts(statement: Statement): PredicateFacts {
  const p = isObject(statement.predicate) ? statement.predicate : {};
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (statement.predicateType === 'https://slsa.dev/provenance/v1') {
    const bd = isObject(p.buildDefinition) ? p.buildDefinition : {};
    const ext = isObject(bd.externalParameters) ? bd.externalParameters : {};
    const wf = isObject(ext.workflow) ? ext.workflow : {};
    const internal = isObject(bd.internalParameters) && isObject(bd.internalParameters.github) ? bd.internalParameters.github : {};
    const deps = Array.isArray(bd.resolvedDependencies) ? bd.resolvedDependencies.filter(isObject) : [];
    const dep0 = deps[0];
    const rd = isObject(p.runDetails) ? p.runDetails : {};
    const builder = isObject(rd.builder) ? str(rd.builder.id) : undefined;
    const meta = isObject(rd.metadata) ? rd.metadata : {};
    return {
      repository: str(wf.repository),
      workflow: str(wf.path),
      ref: str(wf.ref),
      commit: dep0 && isObject(dep0.digest) ? str(dep0.digest.gitCommit) : undefined,
      builder,
      runnerEnvironment: str(internal.runner_environment) ?? (builder?.endsWith('/github-hosted') ? 'github-hosted' : builder?.endsWith('/self-hosted') ? 'self-hosted' : undefined),
      invocation: str(meta.invocationId),
    };
  }
  const inv = isObject(p.invocation) ? p.invocation : {};
  const env = isObject(inv.environment) ? inv.environment : {};
  const cs = isObject(inv.configSource) ? inv.configSource : {};
  const uri = str(cs.uri);
  const workflowRef = str(env.GITHUB_WORKFLOW_REF) ?? str(cs.entryPoint);
  const repository = str(env.GITHUB_REPOSITORY);
  let workflow: string | undefined;
  if (workflowRef) {
    const noRef = workflowRef.slice(0, workflowRef.indexOf('@') >= 0 ? workflowRef.indexOf('@') : undefined);
    workflow = repository && noRef.toLowerCase().startsWith(`${repository.toLowerCase()}/`) ? noRef.slice(repository.length + 1) : noRef;
  }
  return {
    repository,
    workflow,
    ref: str(env.GITHUB_REF) ?? (uri && uri.includes('@') ? uri.slice(uri.indexOf('@', uri.indexOf('://') + 3) + 1) : undefined),
    commit: (isObject(cs.digest) ? str(cs.digest.sha1) : undefined) ?? str(env.GITHUB_SHA),
    builder: isObject(p.builder) ? str(p.builder.id) : undefined,
    runnerEnvironment: str(env.RUNNER_ENVIRONMENT),
    invocation:
      str(env.GITHUB_SERVER_URL) && repository && str(env.GITHUB_RUN_ID)
        ? `${String(env.GITHUB_SERVER_URL)}/${repository}/actions/runs/${String(env.GITHUB_RUN_ID)}/attempts/${String(env.GITHUB_RUN_ATTEMPT ?? '1')}`
        : undefined,
  };
}

/** `owner/repo` for GitHub, host/path for others; lower-cased for comparison by `sameRepository`. */
export function displayRepository(repo: string): string {
  const s = repo.trim().replace(/^git\+/, '').replace(/^[a-z]+:\/\//i, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return s.toLowerCase().startsWith('github.com/') ? s.slice('github.com/'.length) : s;
}

function sameRepository(a: string, b: string): boolean {
  return displayRepository(a).toLowerCase() === displayRepository(b).toLowerCase();
}

/** Splits `https://github.com/owner/repo/<path>@<ref>` into repository, path and ref. */
export function parseWorkflowUri(uri: string): { repository: string; path: string; ref: string } | undefined {
  const m = /^https:\/\/([^/]+)\/([^/]+)\/([^/]+)\/([^@]+)@(.+)$/.exec(uri);
  if (!m) return undefined;
  const host = m[1];
  const repo = `${m[2]}/${m[3]}`;
  return { repository: host === 'github.com' ? repo : `${host}/${repo}`, path: m[4], ref: m[5] };
}

/**
 * Certificate facts come from the OIDC token (GitHub vouches for them); predicate facts were
 * written by the workflow. Both are signed, and they must agree.
 */
function mergeFacts(cert: CertFacts | undefined, pred: PredicateFacts, invalid: string[]): ProvenanceFacts {
  const caller = cert?.callerWorkflowUri ? parseWorkflowUri(cert.callerWorkflowUri) : undefined;
  const signerWf = cert?.san ? parseWorkflowUri(cert.san) : undefined;
  const certRepo = cert?.repositoryUri ? displayRepository(cert.repositoryUri) : undefined;
  const disagree = (what: string, c: string | undefined, p: string | undefined, same: (a: string, b: string) => boolean) => {
    if (c && p && !same(c, p)) invalid.push(`the provenance ${what} (${p}) disagrees with the signing certificate (${c})`);
  };
  const exact = (a: string, b: string) => a === b;
  disagree('repository', certRepo, pred.repository ? displayRepository(pred.repository) : undefined, sameRepository);
  disagree('ref', cert?.ref, pred.ref, exact);
  disagree('commit', cert?.commit?.toLowerCase(), pred.commit?.toLowerCase(), exact);
  disagree('workflow', caller?.path, pred.workflow, exact);
  const runner = cert?.runnerEnvironment ?? pred.runnerEnvironment;
  disagree('runner environment', cert?.runnerEnvironment, pred.runnerEnvironment, exact);
  return {
    repository: certRepo ?? (pred.repository ? displayRepository(pred.repository) : undefined),
    // Without the build-config extension the SAN may name a reusable workflow; the predicate names the caller.
    workflow: caller?.path ?? pred.workflow ?? signerWf?.path,
    ref: cert?.ref ?? pred.ref,
    commit: cert?.commit ?? pred.commit,
    builder: pred.builder,
    githubHosted: runner === 'github-hosted' ? true : runner === 'self-hosted' ? false : undefined,
    issuer: cert?.issuer,
    signer: cert?.san,
    invocation: cert?.invocation ?? pred.invocation,
  };
}

/** Glob over git refs: `**` any run of characters, `*` any run without `/`, `?` one non-`/` character. */
export function refGlobToRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export function refMatches(glob: string, ref: string): boolean {
  return new RegExp(`^${refGlobToRegExpSource(glob)}$`).test(ref);
}

export function normaliseWorkflow(workflow: string): string {
  const w = workflow.trim().replace(/^\.\//, '');
  return w.includes('/') ? w : `.github/workflows/${w}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regexp source matching `s` in any letter case (the SAN policy takes a pattern string, no flags). */
function anyCase(s: string): string {
  return [...s].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeRegExp(c))).join('');
}

function expectedIssuer(policy: IdentityPolicy): string | undefined {
  if (policy.issuer) return policy.issuer;
  return policy.repository || policy.workflow || policy.ref || policy.githubHosted ? GITHUB_OIDC_ISSUER : undefined;
}

/**
 * Identity policy, twice over: through @sigstore/verify's issuer and SAN policy (when the SAN
 * names the top-level workflow), and against the extracted facts (which also cover reusable
 * workflows and the runner environment).
 */
function checkIdentity(ctx: BundleContext, entity: SignedEntity, cert: CertFacts, out: BundleOutcome): void {
  const { policy } = ctx;
  const issuer = expectedIssuer(policy);
  const sigstorePolicy: VerificationPolicy = {};
  if (issuer) sigstorePolicy.extensions = { issuer };
  const signerWf = cert.san ? parseWorkflowUri(cert.san) : undefined;
  const sanIsCaller = !cert.callerWorkflowUri || cert.callerWorkflowUri === cert.san;
  if (sanIsCaller && signerWf && cert.san?.startsWith('https://github.com/') && (policy.repository || policy.workflow || policy.ref)) {
    const repo = policy.repository ? anyCase(displayRepository(policy.repository)) : '[^/]+/[^/]+';
    const wf = policy.workflow ? escapeRegExp(normaliseWorkflow(policy.workflow)) : '[^@]+';
    const ref = policy.ref ? refGlobToRegExpSource(policy.ref) : '.+';
    sigstorePolicy.subjectAlternativeName = `^https://github\\.com/${repo}/${wf}@${ref}$`;
  }
  if (sigstorePolicy.extensions || sigstorePolicy.subjectAlternativeName) {
    try {
      ctx.verifier.verify(entity, sigstorePolicy);
    } catch (err) {
      // The library's message quotes the generated pattern; say it in the policy's terms instead.
      out.identity.push(
        err instanceof sigstoreVerify().PolicyError
          ? `signing certificate ${cert.san ?? '(no SAN)'} (issuer ${cert.issuer ?? 'unknown'}) is rejected by the identity policy (${err.code})`
          : `policy check failed: ${describeError(err)}`,
      );
    }
  }
  const f = out.facts;
  if (policy.repository && !(f.repository && sameRepository(f.repository, policy.repository))) {
    out.identity.push(`built from ${f.repository ?? 'an unrecorded repository'}, expected ${displayRepository(policy.repository)}`);
  }
  if (policy.workflow && f.workflow !== normaliseWorkflow(policy.workflow)) {
    out.identity.push(`built by workflow ${f.workflow ?? '(unrecorded)'}, expected ${normaliseWorkflow(policy.workflow)}`);
  }
  if (policy.ref && !(f.ref && refMatches(policy.ref, f.ref))) {
    out.identity.push(`built from ref ${f.ref ?? '(unrecorded)'}, which does not match ${policy.ref}`);
  }
  if (policy.githubHosted && f.githubHosted !== true) {
    out.identity.push(
      f.githubHosted === false ? 'built on a self-hosted runner, expected GitHub-hosted' : 'the provenance does not record the runner environment, so a GitHub-hosted runner cannot be confirmed',
    );
  }
}

function summariseProvenance(outcomes: BundleOutcome[], input: EvaluateInput, problems: string[]): ProvenanceCheck {
  const { name, version, manifest, policy } = input;
  const prov = outcomes.filter((o) => o.kind === 'provenance');
  const declaredType = manifest.dist?.attestations?.provenance?.predicateType;
  if (prov.length === 0) {
    const detail = declaredType ? `the registry lists ${declaredType} provenance but serves no provenance bundle` : 'no provenance attestation';
    if (policy.requireProvenance !== false || declaredType) problems.push(`${name}@${version}: ${detail}`);
    return { status: 'missing', detail };
  }
  const o = prov.find((p) => p.invalid.length) ?? prov.find((p) => p.subject.length) ?? prov.find((p) => p.identity.length) ?? prov[0];
  if (declaredType && declaredType !== o.predicateType) o.invalid.push(`the version document declares ${declaredType} provenance, the bundle is ${o.predicateType}`);
  const status: ProvenanceStatus = o.invalid.length ? 'invalid' : o.subject.length ? 'subject-mismatch' : o.identity.length ? 'identity-mismatch' : 'verified';
  const reasons = [...o.invalid, ...o.subject, ...o.identity];
  for (const r of reasons) problems.push(`provenance ${status}: ${r}`);
  return {
    status,
    predicateType: o.predicateType,
    integratedTime: o.integratedTime?.toISOString(),
    ...o.facts,
    detail: reasons.length ? reasons.join('; ') : `verified ${o.predicateType} bundle signed by ${o.facts.signer ?? 'a trusted signer'}`,
  };
}

function summarisePublish(outcomes: BundleOutcome[], problems: string[], notes: string[]): PublishAttestationCheck {
  const pub = outcomes.filter((o) => o.kind === 'publish');
  if (pub.length === 0) {
    if (outcomes.length) notes.push('no npm publish attestation accompanies the provenance');
    return { status: 'missing', detail: 'no npm publish attestation' };
  }
  const o = pub.find((p) => p.invalid.length) ?? pub.find((p) => p.subject.length) ?? pub[0];
  const status: PublishAttestationStatus = o.invalid.length ? 'invalid' : o.subject.length ? 'subject-mismatch' : 'verified';
  const reasons = [...o.invalid, ...o.subject];
  for (const r of reasons) problems.push(`publish attestation ${status}: ${r}`);
  return {
    status,
    keyid: o.keyid,
    integratedTime: o.integratedTime?.toISOString(),
    detail: reasons.length ? reasons.join('; ') : `verified, signed by registry key ${o.keyid ?? '(from bundle hint)'}`,
  };
}

/** Packument `time` first; else the transparency-log time of a bundle that verified. */
function publishTimeOf(packumentTime: string | undefined, outcomes: BundleOutcome[]): VerifyResult['publishTime'] {
  if (packumentTime && !Number.isNaN(Date.parse(packumentTime))) return { value: new Date(packumentTime).toISOString(), source: 'packument' };
  const good = (kind: BundleKind) => outcomes.find((o) => o.kind === kind && o.invalid.length === 0 && o.integratedTime);
  const pub = good('publish');
  if (pub?.integratedTime) return { value: pub.integratedTime.toISOString(), source: 'publish-attestation' };
  const prov = good('provenance');
  if (prov?.integratedTime) return { value: prov.integratedTime.toISOString(), source: 'provenance-attestation' };
  return { source: 'unknown' };
}

// --- trusted publishing, tarball -----------------------------------------------------------------

/**
 * npm records an OIDC trusted publish in the version's `_npmUser`: a `trustedPublisher`
 * object (`{ id: 'github', oidcConfigId }`), with the user `GitHub Actions
 * <npm-oidc-no-reply@github.com>`. Registries that drop `_npmUser` leave it unknown.
 */
export function trustedPublishingOf(manifest: VersionManifest): { status: TrustedPublishing; publisher?: { id?: string; oidcConfigId?: string }; detail: string } {
  const user = manifest._npmUser;
  if (!isObject(user)) return { status: 'unknown', detail: 'the registry does not say who published this version (no _npmUser)' };
  const tp = user.trustedPublisher;
  if (isObject(tp)) {
    const publisher = { id: typeof tp.id === 'string' ? tp.id : undefined, oidcConfigId: typeof tp.oidcConfigId === 'string' ? tp.oidcConfigId : undefined };
    return { status: 'yes', publisher, detail: `published through trusted publishing (${publisher.id ?? 'unknown provider'})` };
  }
  if (user.email === 'npm-oidc-no-reply@github.com') {
    return { status: 'yes', detail: 'published by the GitHub Actions OIDC user' };
  }
  return { status: 'no', detail: `published by ${typeof user.name === 'string' ? user.name : 'a user'} with a token or login, not trusted publishing` };
}

function checkTarball(input: TarballInput, integrity: string | undefined): TarballCheck {
  switch (input.kind) {
    case 'skipped':
      return { status: 'skipped', detail: 'tarball not downloaded' };
    case 'missing':
      return input.url
        ? { status: 'unavailable', url: input.url, detail: `${input.url} ${input.notFound ? 'answered 404' : 'could not be read'}` }
        : { status: 'unavailable', detail: 'the version document has no dist.tarball' };
    case 'bytes': {
      const actual = `sha512-${createHash('sha512').update(input.bytes).digest('base64')}`;
      const expected = sha512Hex(integrity);
      if (!expected) return { status: 'skipped', url: input.url, integrity: actual, detail: 'no sha512 integrity to compare with' };
      return Buffer.from(actual.slice(7), 'base64').toString('hex') === expected
        ? { status: 'match', url: input.url, integrity: actual, detail: `sha512 of ${input.bytes.length} bytes matches dist.integrity` }
        : { status: 'mismatch', url: input.url, integrity: actual, detail: `downloaded bytes hash to ${actual.slice(0, 23)}…, dist.integrity is ${integrity?.slice(0, 23)}…` };
    }
    default:
      return assertNever(input);
  }
}

export { NPM_KEYS_FILE, TRUSTED_ROOT_FILE };
