// purls for catalogers, built with packageurl-js so encoding and type normalisation follow the spec.
import { PackageURL } from 'packageurl-js';

export function purl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string | undefined>,
): string {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers ?? {})) if (v) q[k] = v;
  return new PackageURL(type, namespace, name, version, Object.keys(q).length ? q : undefined).toString();
}
