/** Which reports a build makes: report kinds × regions, narrowed by --region and --shard. */
import { UserError } from "../errors.js";
import type { Region } from "../data/types.js";
import type { TemplateSet } from "../template/compile.js";

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

export function planJobs(templates: TemplateSet, regions: readonly Region[], all: readonly Region[], shard?: { index: number; count: number }): Job[] {
  const jobs: Job[] = [];
  for (const [report, spec] of templates.reports) {
    const eligible = all.filter((r) => (spec.regions === "province" ? r.level === "province" : r.level === "prefecture"));
    for (const region of eligible) if (regions.includes(region)) jobs.push({ report, region });
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
