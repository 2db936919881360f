/** The part of fontkit 2 this project uses (the package ships no type declarations). */
declare module "fontkit" {
  export interface GlyphRun {
    readonly advanceWidth: number;
  }
  export interface Font {
    readonly familyName: string;
    readonly subfamilyName: string;
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly numGlyphs: number;
    readonly "OS/2"?: { readonly typoAscender: number; readonly typoDescender: number };
    layout(text: string): GlyphRun;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontCollection {
    readonly fonts: Font[];
  }
  export function create(data: Buffer): Font | FontCollection;
  export function openSync(file: string): Font | FontCollection;
}
