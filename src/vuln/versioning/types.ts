// The shape every version scheme implements: a validity check and a total order over all strings.

/**
 * One ecosystem's version ordering.
 *
 * `compare(a, b)` returns a negative number, zero or a positive number, and never throws. It is a total preorder
 * over every string, valid or not (reflexive, antisymmetric up to equality, transitive), so it can sort any list
 * and walk any OSV range deterministically:
 * - schemes whose reference algorithm is defined on any string (dpkg, rpm, apk, Maven) apply that algorithm to all
 *   input; `isValid` only says whether the string follows the scheme's grammar;
 * - schemes with a grammar (SemVer, Go, PEP 440, RubyGems, NuGet, Composer) put strings outside it first, before
 *   every valid version, ordered among themselves by `compareNatural` (digit runs by value, then code units).
 * Each module's header says which rule it uses. Work is linear in the length of the input: no regular expression
 * that can backtrack, numbers of any length compared as digit strings, never converted to floats.
 */
export interface Versioning {
  /** Short scheme name: `deb`, `rpm`, `apk`, `semver`, `pep440`, `go`, `maven`, `rubygems`, `nuget`, `packagist`. */
  id: string;
  /** Whether `v` follows the scheme's grammar. */
  isValid(v: string): boolean;
  /** Negative when a < b, zero when equal in this scheme, positive when a > b. */
  compare(a: string, b: string): number;
}
