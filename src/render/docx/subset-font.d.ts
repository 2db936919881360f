/** subset-font 2.x (harfbuzz wasm) ships no type declarations; the part this renderer uses. */
declare module "subset-font" {
  interface SubsetOptions {
    readonly targetFormat?: "sfnt" | "truetype" | "woff" | "woff2";
    readonly preserveNameIds?: readonly number[];
    readonly noLayoutClosure?: boolean;
  }
  export default function subsetFont(font: Buffer | Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}
