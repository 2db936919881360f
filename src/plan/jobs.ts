/** Which reports a build makes: report kinds × regions, narrowed by --region and --shard. */
import { UserError } from "../errors.js";
import type { Region } from "../data/types.js";
import type { TemplateSet } from "../template/compile.js";
import type { KindSpec } from "../template/kinds.js";

export interface Job {
  readonly report: string;
  readonly region: Region;
}

/** Finds regions by code, full name or short name (520300, 遵义市, 遵义), or all of them. */
export function resolveRegions(query: string, regions: readonly Region[]): readonly Region[] {
  const q = query.trim();
  if (q === "all") return regions;
  const found = regions.find((r) => r.code === q || r.name === q || r.short === q || r.short.replace(/[市州]$/, "") === q);
  if (!found) {
    throw new UserError({
      message: `unknown region "${query}"`,
      hint: `use all, or one of: ${regions.map((r) => `${r.code} ${r.name} (${r.short})`).join("; ")}`,
    });
  }
  return [found];
}

/** The kinds to build in `year`: all of that year's, or those named (each must exist for the year). */
export function selectKinds(templates: TemplateSet, year: number, names: readonly string[]): readonly KindSpec[] {
  const ofYear = templates.kindsFor(year);
  if (names.length === 0) {
    if (ofYear.length === 0) throw new UserError({ message: `no report kind exists for ${year}`, hint: `add templates/<kind>/${year}/document.yaml (npm run new-year -- ${year} does), or choose another --year` });
    return ofYear;
  }
  return names.map((name) => {
    const found = ofYear.find((k) => k.kind === name);
    if (!found) {
      const known = templates.kinds.get(name);
      throw new UserError({
        message: known ? `report "${name}" does not exist for ${year} (its years: ${known.years.join(", ") || "none"})` : `unknown report "${name}"`,
        hint: `reports of ${year}: ${ofYear.map((k) => k.kind).join(", ") || "none"}`,
      });
    }
    return found;
  });
}

/** A kind's `regions:` list may name only regions of data/regions.yaml. */
export function checkKindRegions(kinds: readonly KindSpec[], regions: readonly Region[], display: (file: string) => string): void {
  const codes = new Set(regions.map((r) => r.code));
  const problems = kinds.flatMap((k) =>
    typeof k.regions === "string"
      ? []
      : k.regions
          .filter((c) => !codes.has(c))
          .map((c) => ({ file: display(`${k.dir}/report.yaml`), path: "regions", message: `unknown region "${c}"`, hint: `use codes from data/regions.yaml: ${[...codes].join(", ")}` })),
  );
  if (problems.length) throw new UserError(problems);
}

/** Whether a kind is made for a region (report.yaml `regions`). */
export function madeFor(spec: Pick<KindSpec, "regions">, region: Region): boolean {
  if (spec.regions === "province") return region.level === "province";
  if (spec.regions === "prefectures") return region.level === "prefecture";
  return spec.regions.includes(region.code);
}

/**
 * Jobs: each kind × each region it is made for, among `regions`. `kinds` defaults to every kind of the
 * templates (callers pass selectKinds(…) for a build).
 */
export function planJobs(templates: TemplateSet, regions: readonly Region[], all: readonly Region[], shard?: { index: number; count: number }, kinds?: readonly KindSpec[]): Job[] {
  const jobs: Job[] = [];
  for (const spec of kinds ?? [...templates.kinds.values()]) {
    for (const region of all.filter((r) => madeFor(spec, r))) if (regions.includes(region)) jobs.push({ report: spec.kind, region });
  }
  jobs.sort((a, b) => a.region.code.localeCompare(b.region.code) || a.report.localeCompare(b.report));
  return shard ? jobs.filter((_, i) => i % shard.count === shard.index - 1) : jobs;
}

/** out/<year>/<code>-<report>.<ext>: ASCII only, region code first; nothing from names reaches a path. */
export function outputName(job: Job, ext: string): string {
  if (!/^\d{6}$/.test(job.region.code) || !/^[a-z][a-z0-9-]*$/.test(job.report)) {
    throw new Error(`unsafe output name for ${job.region.code}/${job.report}`);
  }
  return `${job.region.code}-${job.report}.${ext}`;
}
