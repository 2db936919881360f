/** The `linebreak` package (UAX #14, as pdfkit uses it): only what src/present/lines/breaks.ts calls. */
declare module "linebreak" {
  export default class LineBreaker {
    constructor(text: string);
    /** The next break opportunity: the code-unit offset a line may start at; `required` for a mandatory break. */
    nextBreak(): { position: number; required: boolean } | null;
  }
}
