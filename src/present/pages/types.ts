/**
 * The laid-out document: every page with every line, picture, rule and shade at its place, decided once by the
 * presentation stage (`layOutPages`, flow.ts). A page renderer (PDF, OFD) only draws it; `--emit layout` writes it
 * as JSON, so a user or a test can see why a page looks as it does.
 *
 * Lengths are points; the origin is the page's top-left corner, y grows downwards (a renderer whose y grows
 * upwards, as PDF's does, turns it over). Items are in reading order: the order of the presented blocks (floats
 * already where pagination put them), within a block its lines top to bottom; the page number comes last.
 */
import type { DocMeta } from "../../model/types.js";
import type { Face } from "../types.js";
import type { LineEnd, LineSegment } from "../lines/layout.js";

export interface LaidOutDocument {
  readonly meta: DocMeta;
  readonly page: { readonly width: number; readonly height: number };
  readonly pages: readonly LaidPage[];
  /** The headings in order, for bookmarks: where each heading's first line is. */
  readonly outline: readonly OutlineTarget[];
}

export interface LaidPage {
  /** 1-based. */
  readonly number: number;
  readonly items: readonly PageItem[];
  /** Why the page ends where it does (the rule behind the page break). */
  readonly end: PageEnd;
}

export interface PageEnd {
  /**
   * - `full`: the next line did not fit;
   * - `break`: the next block starts a page because a keep rule of pagination said so (`rule` says which fix);
   * - `float`: the next block is a figure or table that did not fit (or was moved to the next page's top);
   * - `document end`.
   */
  readonly kind: "full" | "break" | "float" | "document end";
  /** The pagination fix behind a `break`, as the pagination log words it, where known. */
  readonly rule?: string;
  /** Points left empty between the last item and the type area's foot. */
  readonly empty: number;
}

/** What an item is in the document's structure (a tagged PDF's structure element; OFD's reading order). */
export type ItemRole = "title" | "docNumber" | "h1" | "h2" | "p" | "caption" | "unit" | "note" | "signature" | "th" | "td" | "figure" | "artifact";

interface ItemBase {
  /** The presented block it draws (index into the paginated document's blocks); absent for page furniture. */
  readonly block?: number;
  readonly role: ItemRole;
}

/** One line of text: its segments drawn from `x`, on the baseline `baseline`. */
export interface LineItem extends ItemBase {
  readonly kind: "line";
  readonly text: string;
  readonly x: number;
  /** Top of the line box and its height (the line pitch). */
  readonly top: number;
  readonly height: number;
  readonly baseline: number;
  /** Font size of the line's text (every segment's). */
  readonly size: number;
  /** Segments with x from the line's `x` (lines/layout.ts: one text object each, `spacing` after every glyph). */
  readonly segments: readonly LineSegment[];
  /** Space added to justify (negative: taken), in all and per gap, and why the line ends there. */
  readonly added: number;
  readonly perGap: number;
  readonly ends: LineEnd;
  /** Its paragraph set this much tighter a character, in em, to leave no loose line (lines/layout.ts, `lines.retrackMax`). */
  readonly tighter?: number;
  /** In a table: the cell's row and first column. */
  readonly cell?: { readonly row: number; readonly column: number };
  /** A run-in heading's words at the line's start (its first `chars` characters, whole segments): an `h2` of their own. */
  readonly runIn?: { readonly role: "h1" | "h2"; readonly chars: number };
}

/** A chart: its SVG drawn into the box. */
export interface PictureItem extends ItemBase {
  readonly kind: "picture";
  readonly x: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly svg: string;
  /** Alternative text (the chart described by its data). */
  readonly alt: string;
}

/** A straight rule (a table's lines). */
export interface RuleItem extends ItemBase {
  readonly kind: "rule";
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width: number;
}

/** A shaded box behind text (a draft's mark for a figure not yet published). */
export interface ShadeItem extends ItemBase {
  readonly kind: "shade";
  readonly x: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** A CSS/SVG colour, `#rrggbb`. */
  readonly color: string;
}

export type PageItem = LineItem | PictureItem | RuleItem | ShadeItem;

export interface OutlineTarget {
  readonly level: 1 | 2;
  readonly text: string;
  readonly page: number;
  /** Top of the heading's first line. */
  readonly top: number;
}

export type { Face, LineSegment };
