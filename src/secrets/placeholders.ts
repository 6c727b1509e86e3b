// Values that look like secrets but are documentation, templates or redactions.
// A candidate whose value matches any row is not a finding. Policy is a table: each row says why.

export interface PlaceholderMarker {
  id: string;
  test: RegExp;
  reason: string;
}

export const PLACEHOLDERS: readonly PlaceholderMarker[] = [
  {
    id: 'aws-documented-example',
    test: /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCYEXAMPLEKEY/,
    reason: "AWS's documentation key pair; copied into countless READMEs and tests, never valid.",
  },
  {
    id: 'example-word',
    test: /example|sample|dummy|fake|placeholder|redacted|obfuscated|insert[_-]?|replace[_-]?(?:me|with|this)|changeme|change[_-]me|notreal|not[_-]a[_-]real/i,
    reason: 'Documentation and fixtures name their fake values; real providers never put these words in tokens.',
  },
  {
    id: 'your-something-here',
    test: /your[_-]?[a-z0-9_-]{0,40}[_-]?here|^your[_-]|^my[_-]?(?:secret|token|key|password)/i,
    reason: '`your-api-key-here` and friends are the usual README placeholder.',
  },
  {
    id: 'filler-run',
    test: /[xX]{5}|0{8}|\*{3}|•{3}|#{4}|\.{3}|…/,
    reason: 'Runs of x, 0, *, • or dots mark a masked or elided value (`ghp_xxxxxxxx`, `****`).',
  },
  {
    id: 'same-char-run',
    test: /(.)\1{7}/,
    reason: 'Eight identical characters in a row essentially never occur in generated secrets.',
  },
  {
    id: 'counting-sequence',
    test: /123456|abcdef|qwerty/i,
    reason: 'Keyboard or counting sequences are typed by humans writing examples.',
  },
  {
    id: 'template-variable',
    test: /\$\{[^}]{0,100}\}|\{\{[^}]{0,100}\}\}|\$\([^)]{0,100}\)|^\$[A-Za-z_][A-Za-z0-9_]{0,100}$|^%[A-Za-z_][A-Za-z0-9_]{0,100}%$|#\{[^}]{0,100}\}/,
    reason: '`${NPM_TOKEN}`, `{{ secret }}`, `$VAR`, `%VAR%`: the value is read from elsewhere at run time.',
  },
  {
    id: 'angle-bracket-slot',
    test: /<[^<>\s]{1,60}>|^<[A-Za-z]|\[[A-Za-z_ -]{1,60}\]/,
    reason: '`<token>` and `[API_KEY]` are slots for the reader to fill.',
  },
  {
    id: 'metasyntactic',
    test: /^(?:foo|bar|baz|qux|quux|foobar|hunter2|secret123|password123|pa\$\$w0rd|p@ssw0rd|letmein)$/i,
    reason: '`user:foo@`, `hunter2`: the stock values of examples and tutorials.',
  },
  {
    id: 'literal-word',
    test: /^(?:password|passwd|secret|token|apikey|api[_-]key|null|undefined|none|true|false|test|testing|todo|tbd|pass|admin|root|guest|default|string|value|xxx)$/i,
    reason: 'A value that is a bare keyword or type name is a label, not a credential.',
  },
];

/** The first placeholder marker the value matches, if any. */
export function placeholderFor(value: string): PlaceholderMarker | undefined {
  for (const marker of PLACEHOLDERS) if (marker.test.test(value)) return marker;
  return undefined;
}
