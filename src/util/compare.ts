/**
 * Orders strings by UTF-16 code unit: the same order on every machine, unlike localeCompare, whose
 * result depends on the locale (and whose first call loads ICU collation data, ~15 ms).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
