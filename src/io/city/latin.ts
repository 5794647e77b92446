/**
 * Latin letters for ids: accented Latin letters lose their accents
 * ("Sant Julià de Lòria" -> "sant julia de loria"), Cyrillic (Russian and
 * Kazakh) is transliterated ("Өскемен" -> "oskemen"), letters without a
 * decomposition get their usual spelling (ß -> ss, ø -> o).
 */
export function latin(text: string): string {
  // Cyrillic first, before NFKD splits й and ё into a letter and a mark.
  const spelled = [...text.toLowerCase()].map((c) => CYRILLIC[c] ?? OTHER[c] ?? c).join('');
  return spelled.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** A city or district id from a name: latin, lower-case, words joined by hyphens ("Sant Julià de Lòria" -> "sant-julia-de-loria"). */
export function latinId(name: string): string {
  return latin(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  ә: 'a', ғ: 'g', қ: 'q', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', є: 'ye', ї: 'yi', ґ: 'g', ў: 'u',
};

/** Latin letters NFKD leaves whole. */
const OTHER: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŋ: 'n', ħ: 'h' };
