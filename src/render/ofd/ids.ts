/**
 * Object identifiers (GB/T 33190-2016 §7.5, ST_ID): unsigned integers unique in the document, handed out in
 * drawing order from 1, so the same document gets the same ids; the largest is the document's MaxUnitID
 * (CommonData, §7.5 table 6), which a reader or editor starts from when it adds objects.
 */
export class Ids {
  private last = 0;

  next(): number {
    return ++this.last;
  }

  /** The largest id given so far. */
  get max(): number {
    return this.last;
  }
}
