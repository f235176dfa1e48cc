// Help text for the program and its commands.

export const MAIN_HELP = `shipshape — Dockerfile lint, image scan, Kubernetes checks, and fixes

Usage: shipshape <command> [options]

Commands:
  lint [PATH...]           lint Dockerfiles (hadolint-compatible rules, config and pragmas)
  k8s [PATH...]            check Kubernetes manifests (Pod Security Standards, best practices, --fix)
  sbom IMAGE               list an image's packages (CycloneDX 1.6, SPDX 2.3, shipshape JSON or a table)
  hook install|uninstall   install or remove the git pre-commit hook that checks staged Dockerfiles and manifests
  db import|status         fill the vulnerability database (OSV records, CISA KEV, EPSS) and show what it holds
  scan IMAGE               find an image's known vulnerabilities, prioritized, with fixes and the layer or
                           Dockerfile line that brought each package in
  check                    not available in this version yet

Options:
  -h, --help               show help (also: shipshape <command> --help)
  -v, --version            show the version

Exit codes: 0 ok, 1 findings at or above the failure threshold, 2 bad input or usage, 3 internal error.
`;

export const LINT_HELP = `Usage: shipshape lint [options] [PATH...]

Lints Dockerfiles. A directory means every Dockerfile, Containerfile, *.Dockerfile and Dockerfile.*
below it; - reads standard input.

Output:
  -f, --format FORMAT          tty (default), json, sarif, checkstyle, codeclimate, gitlab_codeclimate, gnu;
                               repeat for several formats
  -o, --output FILE            write a format's report to FILE (paired in order with --format)
      --file-path-in-report P  print P as the file path (e.g. the real name of a file read from stdin)
      --no-color               no colours (also NO_COLOR=1)
  -V, --verbose                show the offending lines, the config files read, and stack traces
      --severity LIST          show only these severities: high (error), medium (warning), low (info),
                               info (style); comma list or repeated
  -q, --quiet                  no summary line and no notices

Rules:
      --error RULE             report RULE as an error (also --warning, --info, --style RULE)
      --ignore RULE            drop RULE's findings (repeatable)
      --enable RULE            switch on an off-by-default rule (e.g. base-image-unpinned-digest)
      --trusted-registry REG   only allow images from REG (enables DL3026; repeatable)
      --require-label N:TYPE   require label N of TYPE (text, url, semver, hash, rfc3339, spdx, email)
      --strict-labels          report labels that are not in the label schema
      --disable-ignore-pragma  disregard inline "# hadolint ignore=" comments
      --no-shellcheck          do not run ShellCheck on RUN scripts

Exit status:
  -t, --failure-threshold L    error, warning, info (default), style, ignore|none (fail on anything)
      --fail-on SEVERITY       the same in SPEC's words: critical|high (= error), medium (= warning),
                               low (= info), info (= style), none (never fail)
      --no-fail                always exit 0 when the input could be read

Fixes:
      --fix                    apply safe fixes in place, then report what is left (with -, print the fixed text)
      --fix-dry-run            print the fixes as a unified diff and change nothing (exit 1 if there are any)

Config:
  -c, --config FILE            use FILE instead of searching for .hadolint.yaml and .shipshape.yaml
                               (a file named *shipshape*.yaml is read as a shipshape config)

Environment: HADOLINT_NOFAIL, HADOLINT_VERBOSE, HADOLINT_FORMAT, HADOLINT_FAILURE_THRESHOLD,
HADOLINT_OVERRIDE_ERROR|WARNING|INFO|STYLE, HADOLINT_IGNORE, HADOLINT_TRUSTED_REGISTRIES,
HADOLINT_REQUIRE_LABELS, HADOLINT_STRICT_LABELS, HADOLINT_DISABLE_IGNORE_PRAGMA, NO_COLOR.
`;

export const HOOK_HELP = `Usage: shipshape hook install [--force] | shipshape hook uninstall

install     write a git pre-commit hook (honours core.hooksPath) that lints the staged Dockerfiles,
            checks the staged Kubernetes manifests, and stops the commit when either fails; --force replaces another hook (kept as pre-commit.orig)
uninstall   remove the hook, if it is shipshape's (and put back a hook it replaced)
`;
