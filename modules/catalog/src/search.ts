import { PINYIN_INITIALS } from './pinyin-initials.ts';

/**
 * Chinese search over item and bundle names, without dictionaries or extensions:
 * - Chinese text is cut into overlapping character bigrams plus single characters, so any
 *   partial word ("出生", "户口 出生", "出生 一件事") matches by gram overlap;
 * - pinyin initials ("hkdj" → 户口登记) from a table of the characters in use, polyphonic
 *   characters carrying every initial they may have;
 * - typo tolerance: Latin and pinyin queries within Damerau-Levenshtein distance 1 per 4
 *   characters; Chinese queries whose grams mostly match, or that are one character off a
 *   stretch of the name (出身登记 → 出生登记).
 * Ranking: exact name > prefix > substring > gram overlap ratio > pinyin initials > typo.
 */

const INITIALS = new Map<string, string>();
for (const [letters, chars] of Object.entries(PINYIN_INITIALS))
  for (const c of chars) INITIALS.set(c, letters);

const HAN = /\p{Script=Han}/u;
export const isHan = (c: string) => HAN.test(c);

/** Lower case, full-width to half-width, punctuation and brackets to spaces. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{Script=Han}a-z0-9]+/gu, ' ')
    .trim();
}

/** Runs of Han characters and runs of Latin letters/digits, in order. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const part of normalise(text).split(' ')) {
    if (!part) continue;
    out.push(...(part.match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? []));
  }
  return out;
}

/** Character bigrams and single characters of the Han runs of a text. */
export function grams(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokens(text)) {
    if (!isHan(t[0]!)) continue;
    const chars = [...t];
    chars.forEach((c, i) => {
      out.add(c);
      if (i + 1 < chars.length) out.add(c + chars[i + 1]!);
    });
  }
  return out;
}

/** The possible pinyin initials of each Han character of a text ('' for unknown characters). */
export function initials(text: string): string[] {
  return [...text].filter(isHan).map((c) => INITIALS.get(c) ?? '');
}

/** Damerau-Levenshtein distance (optimal string alignment), with an early exit above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[x.length]![y.length]!;
}

/** Typos allowed in a query of this many characters: one per four. */
export const allowedTypos = (length: number) => Math.floor(length / 4);

/** Whether a Latin query matches a sequence of initial sets: returns the start index or -1. */
function initialsAt(query: string, seq: string[], fuzzy: boolean): { at: number; typos: number } | null {
  const q = [...query];
  // Exact: each query letter among the possible initials of consecutive characters.
  for (let start = 0; start + q.length <= seq.length; start++) {
    if (q.every((l, k) => seq[start + k]!.includes(l))) return { at: start, typos: 0 };
  }
  if (!fuzzy) return null;
  const max = allowedTypos(q.length);
  if (max === 0) return null;
  // Fuzzy: compare against windows of the first initials (the common reading).
  const primary = seq.map((s) => s[0] ?? '?').join('');
  let best: { at: number; typos: number } | null = null;
  for (let len = q.length - max; len <= q.length + max; len++) {
    for (let start = 0; start + len <= primary.length; start++) {
      const dist = editDistance(query, primary.slice(start, start + len), max);
      if (dist <= max && (!best || dist < best.typos || (dist === best.typos && start < best.at)))
        best = { at: start, typos: dist };
    }
  }
  return best;
}

export type MatchedBy = 'exact' | 'prefix' | 'substring' | 'bigram' | 'pinyin' | 'english' | 'typo';

export type SearchDoc = {
  id: string;
  name: string;
  nameEn: string;
  /** Other names: the parts of a name in brackets, names without "一件事", editor-given aliases. */
  aliases: string[];
};

type IndexedDoc<T extends SearchDoc> = {
  doc: T;
  names: { norm: string; compact: string; initials: string[] }[];
  grams: Set<string>;
  english: string[];
};

export type SearchHit<T extends SearchDoc> = { doc: T; score: number; matchedBy: MatchedBy };

/** An in-memory index over a few thousand names at most: a linear scan is fast enough. */
export class NameIndex<T extends SearchDoc> {
  private readonly docs: IndexedDoc<T>[];

  constructor(docs: T[]) {
    this.docs = docs.map((doc) => {
      const all = [doc.name, ...doc.aliases];
      return {
        doc,
        names: all.map((n) => ({
          norm: normalise(n),
          compact: normalise(n).replaceAll(' ', ''),
          initials: initials(n),
        })),
        grams: new Set(all.flatMap((n) => [...grams(n)])),
        english: tokens(doc.nameEn),
      };
    });
  }

  get size() {
    return this.docs.length;
  }

  search(query: string, limit = 50): SearchHit<T>[] {
    const parts = tokens(query);
    if (parts.length === 0) return [];
    const compact = parts.join('');
    const hanParts = parts.filter((p) => isHan(p[0]!));
    const latinParts = parts.filter((p) => !isHan(p[0]!));
    const qGrams = grams(hanParts.join(' '));
    const hits: SearchHit<T>[] = [];
    for (const d of this.docs) {
      const hit = this.score(d, { compact, hanParts, latinParts, qGrams });
      if (hit) hits.push({ doc: d.doc, ...hit });
    }
    hits.sort(
      (a, b) => b.score - a.score || a.doc.name.length - b.doc.name.length || (a.doc.id < b.doc.id ? -1 : 1),
    );
    return hits.slice(0, limit);
  }

  private score(
    d: IndexedDoc<T>,
    q: { compact: string; hanParts: string[]; latinParts: string[]; qGrams: Set<string> },
  ): { score: number; matchedBy: MatchedBy } | null {
    const shortest = (pred: (n: IndexedDoc<T>['names'][number]) => boolean) =>
      d.names.filter(pred).reduce((m, n) => Math.min(m, [...n.compact].length), Infinity);
    // Closer in length ranks higher within a band.
    const closeness = (len: number) => 1 / (1 + Math.max(0, len - [...q.compact].length));

    if (d.names.some((n) => n.compact === q.compact)) return { score: 1000, matchedBy: 'exact' };
    const prefix = shortest((n) => n.compact.startsWith(q.compact));
    if (prefix < Infinity) return { score: 900 + 50 * closeness(prefix), matchedBy: 'prefix' };
    const sub = shortest((n) => n.compact.includes(q.compact));
    if (sub < Infinity) return { score: 800 + 50 * closeness(sub), matchedBy: 'substring' };

    let best: { score: number; matchedBy: MatchedBy } | null = null;
    const consider = (score: number, matchedBy: MatchedBy) => {
      if (!best || score > best.score) best = { score, matchedBy };
    };

    if (q.hanParts.length > 0 && q.latinParts.length === 0) {
      // Every word found (in any order): a strong gram match.
      const allWords = q.hanParts.every((p) => d.names.some((n) => n.compact.includes(p)));
      let matched = 0;
      for (const g of q.qGrams) if (d.grams.has(g)) matched++;
      const ratio = q.qGrams.size ? matched / q.qGrams.size : 0;
      if (allWords) consider(700 + 50 * ratio, 'bigram');
      // One character off a stretch of a name (出身登记 → 出生登记).
      const qChars = [...q.compact];
      const max = allowedTypos(qChars.length);
      if (max > 0) {
        for (const n of d.names) {
          const chars = [...n.compact];
          for (let len = qChars.length - max; len <= qChars.length + max; len++) {
            for (let s = 0; s + len <= chars.length; s++) {
              const dist = editDistance(q.compact, chars.slice(s, s + len).join(''), max);
              if (dist <= max) consider(600 - 50 * dist + 20 * ratio, 'typo');
            }
          }
        }
      }
      // Most grams shared.
      if (ratio >= 0.5) consider(300 + 200 * ratio, 'bigram');
    }

    if (q.latinParts.length > 0 && q.hanParts.length === 0) {
      const letters = q.latinParts.join('');
      if (/^[a-z]+$/.test(letters)) {
        for (const n of d.names) {
          const exact = initialsAt(letters, n.initials, false);
          if (exact)
            consider(550 - Math.min(exact.at, 40) - (n.initials.length - letters.length) * 0.1, 'pinyin');
        }
      }
      // English name: every query word is a word prefix, or a typo away from a word.
      const words = q.latinParts;
      const english = words.every((w) =>
        d.english.some(
          (e) =>
            e.startsWith(w) ||
            (w.length >= 4 &&
              editDistance(w, e.slice(0, w.length + 1), allowedTypos(w.length)) <= allowedTypos(w.length)) ||
            (w.length >= 4 && editDistance(w, e, allowedTypos(w.length)) <= allowedTypos(w.length)),
        ),
      );
      if (english) {
        const exactWords = words.every((w) => d.english.some((e) => e.startsWith(w)));
        consider(exactWords ? 520 : 420, exactWords ? 'english' : 'typo');
      }
      if (/^[a-z]+$/.test(letters) && !best) {
        for (const n of d.names) {
          const fuzzy = initialsAt(letters, n.initials, true);
          if (fuzzy) consider(400 - 50 * fuzzy.typos - Math.min(fuzzy.at, 40), 'typo');
        }
      }
    }
    return best;
  }
}

/** Other names of an item: the bracketed part and the name without it (户口登记（出生登记）). */
export function derivedAliases(name: string): string[] {
  const out = new Set<string>();
  const inner = /[（(]([^）)]+)[）)]/.exec(name);
  if (inner) {
    out.add(inner[1]!);
    out.add(name.replace(/[（(][^）)]*[）)]/g, ''));
  }
  if (name.endsWith('一件事')) out.add(name.slice(0, -3));
  out.delete(name);
  out.delete('');
  return [...out];
}
