// The containment plan for a bad release, as data. Reporters render it; `--apply` runs the
// `steps` (deprecate and dist-tag only); everything else is advice for a human.
import type { ForbiddenFile, VersionExposure } from '../history/model.js';
import type { Severity } from '../types.js';
import type { UnpublishAssessment } from './unpublish.js';

/** A command `--apply` may run, after confirmation. */
export interface PlanStep {
  id: string;
  kind: 'deprecate' | 'dist-tag-add' | 'dist-tag-rm';
  description: string;
  /** The exact argv, `npm` first. */
  argv: string[];
  /** The same, quoted for a POSIX shell. */
  command: string;
}

export interface DistTagChange {
  tag: string;
  /** The bad version the tag points at now. */
  from: string;
  /** `move` to `to`, `remove` the tag, or `blocked` (latest with nowhere to go). */
  action: 'move' | 'remove' | 'blocked';
  to?: string;
  reason: string;
}

/** A version worth naming in the plan, with the dist-tags that point at it. */
export interface VersionRef {
  version: string;
  distTags: string[];
  publishedAt?: string;
  /** Commit the version was published from, when the registry recorded it. */
  gitHead?: string;
}

/** One credential to revoke: the same value found in several places is listed once. */
export interface RotationItem {
  description: string;
  detector?: string;
  /** e.g. `npm_…(40 chars)`; never the value. */
  redacted: string;
  fingerprint: string;
  severity: Severity;
  validated?: boolean;
  /** `path[:line]` (and the original source, inside a source map). */
  locations: string[];
  /** The provider's page to revoke or rotate it, from the detector table. */
  rotationUrl?: string;
}

export interface SupersedePlan {
  /** The version to publish: above every version ever used in this line. */
  nextVersion: string;
  /** The last good version it is built from, if there is one. */
  from?: VersionRef;
  /** Shell commands, as text; never run by shipgate. */
  commands: string[];
  notes: string[];
  /** dist-tag `npm publish` should use (`latest`, or `next` for a prerelease). */
  tag: string;
}

export interface AppliedStep {
  id: string;
  command: string;
  outcome: 'done' | 'declined' | 'failed';
  detail?: string;
}

export interface IncidentPlan {
  schemaVersion: 1;
  tool: { name: 'shipgate'; version: string };
  name: string;
  version: string;
  registry: string;
  generatedAt: string;
  publishedAt?: string;
  prerelease: boolean;
  /** Already unpublished: the registry no longer serves it. */
  unpublished: boolean;
  /** The current deprecation message, if it is deprecated already. */
  deprecated?: string;
  distTags: Record<string, string>;
  /** What `latest` does: whether it points at the bad version, and where it would go. */
  latest: {
    current?: string;
    affected: boolean;
    /** The highest non-deprecated, non-prerelease version below the bad one: what latest falls back to. */
    fallback?: VersionRef;
    /** Where this plan points latest if it must move: a good newer release if there is one, else `fallback`. */
    target?: VersionRef;
    detail: string;
  };
  /** The highest non-deprecated, non-prerelease version above the bad one, if any: already a fix? */
  newerGood?: VersionRef;
  deprecateMessage: string;
  tagChanges: DistTagChange[];
  /** What `--apply` runs, in order. */
  steps: PlanStep[];
  unpublish: UnpublishAssessment & { command: string };
  supersede: SupersedePlan;
  /** Whether the version's bytes were read; when not, secrets and exposure are unknown. */
  inspected: boolean;
  inspectionError?: string;
  rotate: RotationItem[];
  exposure?: VersionExposure;
  forbidden: ForbiddenFile[];
  /** Markdown for users: what happened and what to do. */
  notice: string;
  notes: string[];
  /** Set after `--apply`. */
  applied?: AppliedStep[];
}
