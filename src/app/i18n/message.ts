/**
 * Fills a catalogue message: `{name}` takes a value as given, and
 * `{count, plural, one {# school} few {# школы} many {# школ} other {# школы}}`
 * (ICU MessageFormat's plural) picks the form that Intl.PluralRules gives for
 * the number, with `#` the number in the language's format. Russian needs
 * one/few/many/other; Kazakh nouns stay singular after a numeral ("5 бала"),
 * so its messages have one form; `=0` style exact cases are allowed too.
 */
export type Values = Record<string, string | number>;

export interface MessageFormat {
  readonly plural: Intl.PluralRules;
  readonly number: (value: number) => string;
}

const PLURAL_HEAD = /^\{(\w+),\s*plural,/;

export function formatMessage(template: string, values: Values, format: MessageFormat, hash = ''): string {
  let out = '';
  let k = 0;
  while (k < template.length) {
    const char = template[k];
    if (char === '#' && hash !== '') {
      out += hash;
      k++;
      continue;
    }
    if (char !== '{') {
      out += char;
      k++;
      continue;
    }
    const rest = template.slice(k);
    const simple = /^\{(\w+)\}/.exec(rest);
    if (simple) {
      const name = simple[1];
      out += name in values ? String(values[name]) : simple[0];
      k += simple[0].length;
      continue;
    }
    const head = PLURAL_HEAD.exec(rest);
    if (!head) throw new Error(`message: unreadable "{" at ${k} in "${template}"`);
    const { cases, end } = pluralCases(template, k + head[0].length);
    k = end;
    const count = Number(values[head[1]]);
    if (!(head[1] in values) || !Number.isFinite(count)) {
      out += `{${head[1]}}`;
      continue;
    }
    const form = cases.get(`=${count}`) ?? cases.get(format.plural.select(count)) ?? cases.get('other');
    if (form === undefined) throw new Error(`message: no "other" form in "${template}"`);
    out += formatMessage(form, values, format, format.number(count));
  }
  return out;
}

/** The `selector {text}` pairs of a plural from `start` to its closing brace; `end` is just past that brace. */
function pluralCases(template: string, start: number): { cases: Map<string, string>; end: number } {
  const cases = new Map<string, string>();
  let k = start;
  for (;;) {
    while (/\s/.test(template[k] ?? '')) k++;
    if (template[k] === '}') return { cases, end: k + 1 };
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(template.slice(k));
    if (!selector) throw new Error(`message: bad plural case at ${k} in "${template}"`);
    k += selector[0].length;
    const open = k;
    let depth = 1;
    while (depth > 0) {
      if (k >= template.length) throw new Error(`message: unclosed plural in "${template}"`);
      if (template[k] === '{') depth++;
      else if (template[k] === '}') depth--;
      k++;
    }
    cases.set(selector[1], template.slice(open, k - 1));
  }
}
