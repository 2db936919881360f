/**
 * Names a template may not use: the properties every JavaScript object inherits (`constructor`,
 * `__proto__`, `toString`, …). Handlebars 4.7 strict mode finds them "defined" (`name in object`) and
 * its prototype-access guard then renders them as empty text, so without this check `{{constructor}}`
 * would silently vanish from a report instead of being an unknown name.
 */
import Handlebars from "handlebars";
import { UserError, type Problem } from "../errors.js";

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Every path in the template whose part is an inherited name, with its line. */
export function checkTemplateNames(ast: hbs.AST.Program, display: string, helpers: Readonly<Record<string, unknown>>): void {
  const problems: Problem[] = [];
  class Names extends Handlebars.Visitor {
    override PathExpression(path: hbs.AST.PathExpression): void {
      const bad = path.parts.find((p) => INHERITED.has(p));
      if (bad !== undefined && !(path.parts.length === 1 && Object.hasOwn(helpers, bad))) {
        problems.push({ file: display, line: path.loc?.start.line, message: `"${path.original}" is not defined`, hint: "check the name against the template context (docs/data-and-templates.md)" });
      }
    }
  }
  new Names().accept(ast);
  if (problems.length > 0) throw new UserError(problems);
}
