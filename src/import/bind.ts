/**
 * Binding a paragraph's numbers to the dataset: each number is looked up by its digits among the published forms
 * (forms.ts), kept only where the text around it is the form's whole wording (value and unit, 增长x%, 提高x个百分点),
 * and chosen among indicators that share the digits by context (context.ts): the label's words near it, the
 * region named before it, and — for a growth or a change — the figure it follows. Two candidates the context
 * does not tell apart leave the number literal and listed as ambiguous: a wrong binding would publish another
 * indicator's figure next year. A growth list (`分别增长5.4%、2.6%和7.9%`) is bound whole, as `{{changes}}`, only
 * when every item is bound and the helper words it exactly as the draft does.
 */
import { PROVINCE } from "../data/types.js";
import { growthList } from "../template/wording.js";
import { labelScore, regionFits, windowAt } from "./context.js";
import { helperCall, type Form, type FormIndex } from "./forms.js";
import { fold, scanNumbers, type NumberToken } from "./scan.js";

export type Status = "bound" | "ambiguous" | "unbound";

/** One number of the draft and what became of it. */
export interface Finding {
  readonly digits: string;
  /** The words bound or examined (`61.64万人`, `增长36.5%`), as the draft has them. */
  readonly phrase: string;
  readonly status: Status;
  /** The helper call written (`fig "employment.urban_new_jobs"`), when bound. */
  readonly call?: string;
  /** The candidates (`fig "a"`), when ambiguous. */
  readonly candidates: readonly string[];
  /** Where the number starts in the paragraph's text. */
  readonly start: number;
}

/** A piece of the paragraph's text to write as a helper call (or a literal with a mark). */
export interface Piece {
  readonly start: number;
  readonly end: number;
  /** The helper call; absent: the text stays literal, followed by `mark`. */
  readonly call?: string;
  readonly mark?: string;
}

export interface Bound {
  readonly pieces: readonly Piece[];
  readonly findings: readonly Finding[];
}

interface Candidate {
  readonly form: Form;
  readonly start: number;
  readonly end: number;
  score: number;
}

/** Digits that are unlikely by chance: a decimal part, or three digits or more. */
function distinctive(digits: string): boolean {
  return digits.includes(".") || digits.length >= 3;
}

const key = (f: Pick<Form, "indicator" | "region">) => `${f.indicator.id}@${f.region}`;

/** Forms whose whole wording stands in the text at the number (and not a longer unit: 万人 is not 万人次). */
function matches(t: string, token: NumberToken, index: FormIndex, kinds: ReadonlySet<Form["kind"]>): Candidate[] {
  const out: Candidate[] = [];
  for (const form of index.byDigits.get(token.digits) ?? []) {
    if (!kinds.has(form.kind)) continue;
    const start = token.start - form.at;
    if (start < 0 || !t.startsWith(fold(form.text), start)) continue;
    const end = start + form.text.length;
    if (form.kind === "fig") {
      const unitAt = end - form.indicator.unit.length;
      if (index.units.some((u) => u.length > form.indicator.unit.length && u.startsWith(form.indicator.unit) && t.startsWith(u, unitAt))) continue;
    }
    out.push({ form, start, end, score: 0 });
  }
  return out;
}

const TEXT_KINDS = new Set<Form["kind"]>(["fig", "change", "delta"]);

/** Binds the numbers of one paragraph of running text. */
export function bindParagraph(text: string, index: FormIndex): Bound {
  const t = fold(text);
  const { numbers } = scanNumbers(text);
  const pieces: Piece[] = [];
  const findings: Finding[] = [];
  /** The figures bound so far in the paragraph, in order: a growth or change after a figure is that figure's. */
  const figs: { form: Form; end: number }[] = [];
  const lists = growthLists(t);
  let previousEnd = 0;
  for (let i = 0; i < numbers.length; i++) {
    const token = numbers[i]!;
    const list = lists.find((l) => l.start <= token.start && token.end <= l.end);
    if (list) {
      const items = numbers.filter((n) => list.start <= n.start && n.end <= list.end);
      const done = bindList(t, text, list, items, figs, index);
      pieces.push(...done.pieces);
      findings.push(...done.findings);
      i += items.length - 1;
      previousEnd = list.end;
      continue;
    }
    const candidates = matches(t, token, index, TEXT_KINDS).filter((c) => c.start >= previousEnd);
    const last = figs[figs.length - 1];
    const usable = candidates.filter((c) => {
      const w = windowAt(t, c.start, c.end, previousEnd);
      if (!regionFits(c.form.region, index.regions, w.before)) return false;
      c.score = labelScore(c.form.indicator.label, w);
      // A growth or change right after its figure (同比增长4.8%): the figure before it says whose it is.
      if (c.form.kind !== "fig" && last && key(last.form) === key(c.form) && !/[。；]/.test(t.slice(last.end, c.start))) c.score += 5;
      return true;
    });
    const choice = choose(usable, token.digits);
    const phraseOf = (c?: Candidate) => (c ? text.slice(c.start, c.end) : text.slice(token.start, token.end));
    if (choice.status === "bound") {
      const c = choice.pick;
      pieces.push({ start: c.start, end: c.end, call: helperCall(c.form) });
      findings.push({ digits: token.digits, phrase: phraseOf(c), status: "bound", call: helperCall(c.form), candidates: [], start: token.start });
      if (c.form.kind === "fig") figs.push({ form: c.form, end: c.end });
      previousEnd = c.end;
    } else {
      const calls = [...new Set(usable.map((c) => helperCall(c.form)))];
      const widest = usable.reduce<Candidate | undefined>((a, c) => (!a || c.end - c.start > a.end - a.start ? c : a), undefined);
      const end = widest ? Math.max(widest.end, token.end) : token.end;
      pieces.push({ start: token.start, end, mark: choice.status === "ambiguous" ? `import: ambiguous, one of ${calls.join(" | ")}` : "import: unbound, no published figure has these digits and words" });
      findings.push({ digits: token.digits, phrase: text.slice(Math.min(token.start, widest?.start ?? token.start), end), status: choice.status, candidates: calls, start: token.start });
      previousEnd = token.end;
    }
  }
  return { pieces, findings };
}

/** The best candidate when the context sets it apart; else ambiguous (several, or one with no word of its label near a common number), or unbound. */
function choose(usable: readonly Candidate[], digits: string): { status: "bound"; pick: Candidate } | { status: "ambiguous" | "unbound" } {
  // The same indicator and region worded two ways (a figure and its cell) count once.
  const distinct = [...new Map(usable.map((c) => [`${c.form.kind}:${key(c.form)}`, c])).values()].sort((a, b) => b.score - a.score);
  if (distinct.length === 0) return { status: "unbound" };
  const [best, second] = distinct;
  if (!second) return best!.score > 0 || distinctive(digits) ? { status: "bound", pick: best! } : { status: "ambiguous" };
  if (best!.score > 0 && best!.score >= second.score + 0.25) return { status: "bound", pick: best! };
  return { status: "ambiguous" };
}

interface GrowthList {
  readonly start: number;
  readonly end: number;
  readonly style: "分别" | "分别为";
}

/** `分别增长5.4%、2.6%和7.9%`, `增长分别为7.1%和7.2%`, `分别增长5.4%、下降2.6%和增长7.9%` (wording.ts growthList). */
function growthLists(t: string): GrowthList[] {
  const item = String.raw`(?:增长|下降)?\d+(?:\.\d+)?%`;
  const re = new RegExp(String.raw`(分别(?:增长|下降)?|(?:增长|下降)分别为)(${item}(?:[、和]${item})+)`, "g");
  return [...t.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, style: m[1]!.endsWith("分别为") ? "分别为" : "分别" }));
}

function bindList(t: string, text: string, list: GrowthList, items: readonly NumberToken[], figs: readonly { form: Form; end: number }[], index: FormIndex): Bound {
  const phrase = text.slice(list.start, list.end);
  const span = t.slice(list.start, list.end);
  const sep = /和\D*\d+(?:\.\d+)?%$/.test(span) ? "和" : "、";
  // The figures the list follows, in the same sentence: the last n bound, in order.
  const sentenceStart = Math.max(t.lastIndexOf("。", list.start), t.lastIndexOf("；", list.start));
  const before = figs.filter((f) => f.end > sentenceStart).slice(-items.length);
  let forms: Form[] | undefined;
  if (before.length === items.length) {
    forms = before.map((f, i) => growthOf(f.form, items[i]!, index)).filter((f): f is Form => f !== undefined);
    if (forms.length !== items.length) forms = undefined;
  }
  const wordsAgree = forms && new Set(forms.map((f) => f.region)).size === 1 && fold(growthList(forms.map((f) => f.figure), list.style, sep)) === span;
  if (forms && wordsAgree) {
    const ids = forms.map((f) => `"${f.indicator.id}"`).join(" ");
    const region = forms[0]!.region === PROVINCE ? "" : ` region="${forms[0]!.region}"`;
    const call = `changes ${ids}${list.style === "分别为" ? ' style="分别为"' : ""}${sep === "、" ? ' sep="、"' : ""}${region}`;
    return {
      pieces: [{ start: list.start, end: list.end, call }],
      findings: items.map((it, i) => ({ digits: it.digits, phrase, status: "bound" as const, call: helperCall(forms![i]!), candidates: [], start: it.start })),
    };
  }
  const findings = items.map((it) => {
    const calls = [...new Set((index.byDigits.get(it.digits) ?? []).filter((f) => f.kind === "change").map(helperCall))];
    return { digits: it.digits, phrase, status: (calls.length ? "ambiguous" : "unbound") as Status, candidates: calls, start: it.start };
  });
  return { pieces: [{ start: list.start, end: list.end, mark: `import: growth list not bound (${findings.map((f) => f.candidates.length ? `${f.digits}: ${f.candidates.join(" | ")}` : `${f.digits}: none`).join("; ")})` }], findings };
}

/** The growth form of a figure's indicator and region, when its digits are the item's. */
function growthOf(fig: Form, item: NumberToken, index: FormIndex): Form | undefined {
  return (index.byDigits.get(item.digits) ?? []).find((f) => f.kind === "change" && f.indicator === fig.indicator && f.region === fig.region);
}
