import type { EntryHeader, ReadAnomaly } from '../types.js';

/** Receives the bytes of one entry, in order. */
export interface EntrySink {
  write(chunk: Buffer): void;
  end(): void;
}

/**
 * What a reader drives. Every reader (tarball, zip, in-memory tree) calls the same
 * visitor, so the analysis never knows where bytes came from.
 */
export interface EntryVisitor {
  /** Return a sink to receive the entry's bytes, or undefined to skip them. */
  onEntry(header: EntryHeader): EntrySink | undefined;
  onAnomaly(anomaly: ReadAnomaly): void;
}

export interface ReadSummary {
  /** sha512 SRI of the bytes read (the packed artifact). */
  integrity: string;
  packedSize: number;
  unpackedSize: number;
  entryCount: number;
  rootPrefix: string;
}
