/**
 * An error the user can act on: bad input, bad config, unreachable registry. The CLI prints
 * `message` (and `hint`) on one line each and exits 2. Anything else is a bug.
 */
export class ShipgateError extends Error {
  readonly code: string;
  readonly hint?: string;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = 'ShipgateError';
    this.code = code;
    this.hint = hint;
  }
}

export function isShipgateError(e: unknown): e is ShipgateError {
  return e instanceof ShipgateError;
}
