/** Pagination (src/present/paginate/): re-exported where its callers import it. */
export * from "./paginate/index.js";
