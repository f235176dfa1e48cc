// Sorts declared license strings into SPDX ids, SPDX expressions and plain names, for CycloneDX and SPDX documents.
import { createRequire } from 'node:module';

// spdx-expression-parse is CommonJS without types: it returns an AST or throws on anything that is not SPDX.
let parser: ((s: string) => unknown) | undefined;
function parse(s: string): unknown {
  parser ??= createRequire(import.meta.url)('spdx-expression-parse') as (s: string) => unknown;
  return parser(s);
}

export type DeclaredLicense =
  | { kind: 'id'; value: string }
  | { kind: 'expression'; value: string }
  | { kind: 'name'; value: string };

export function classifyLicense(raw: string): DeclaredLicense {
  const value = raw.trim();
  try {
    const ast = parse(value) as {
      license?: string;
      conjunction?: string;
      exception?: string;
      plus?: boolean;
    };
    if (ast.license && !ast.conjunction && !ast.exception && !ast.plus)
      return { kind: 'id', value: ast.license };
    return { kind: 'expression', value };
  } catch {
    return { kind: 'name', value };
  }
}

/** One SPDX expression for all of a package's declared licenses, or undefined when one of them is not SPDX. */
export function spdxExpressionOf(licenses: readonly string[] | undefined): string | undefined {
  if (!licenses || licenses.length === 0) return undefined;
  const parts = licenses.map(classifyLicense);
  if (parts.some((p) => p.kind === 'name')) return undefined;
  if (parts.length === 1) return parts[0]?.value;
  return parts.map((p) => (p.kind === 'id' ? p.value : `(${p.value})`)).join(' AND ');
}
