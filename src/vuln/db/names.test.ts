import { describe, expect, it } from 'vitest';
import { joinEcosystem, normalizeName, splitEcosystem } from './names.js';

describe('splitEcosystem', () => {
  it.each([
    ['Debian:12', 'Debian', '12'],
    ['Alpine:v3.19', 'Alpine', 'v3.19'],
    ['Ubuntu:Pro:14.04:LTS', 'Ubuntu', 'Pro:14.04:LTS'],
    ['Red Hat:enterprise_linux:9::baseos', 'Red Hat', 'enterprise_linux:9::baseos'],
    ['Rocky Linux', 'Rocky Linux', ''],
    ['openSUSE:Leap 15.5', 'openSUSE', 'Leap 15.5'],
    ['npm', 'npm', ''],
    ['Maven:https://repo.maven.apache.org/maven2/', 'Maven', 'https://repo.maven.apache.org/maven2/'],
  ])('%s → %s + %s', (ecosystem, base, release) => {
    expect(splitEcosystem(ecosystem)).toEqual({ base, release });
    expect(joinEcosystem(base, release)).toBe(ecosystem);
  });
});

describe('normalizeName', () => {
  it.each([
    // PEP 503: lowercase, runs of - _ . become one -.
    ['PyPI', 'Django_Rest.framework', 'django-rest-framework'],
    ['PyPI', 'PyYAML', 'pyyaml'],
    ['PyPI', 'zope.interface', 'zope-interface'],
    ['PyPI', 'a__-._b', 'a-b'],
    // Case-insensitive registries.
    ['NuGet', 'Newtonsoft.Json', 'newtonsoft.json'],
    ['Packagist', 'Symfony/HTTP-Kernel', 'symfony/http-kernel'],
    ['crates.io', 'Inflector', 'inflector'],
    // Case-sensitive ones keep the name.
    ['npm', 'JSONStream', 'JSONStream'],
    ['Go', 'github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'org.apache.logging.log4j:log4j-core'],
    ['AlmaLinux:9', 'NetworkManager', 'NetworkManager'],
    ['Debian:12', 'openssl', 'openssl'],
  ])('%s %s → %s', (ecosystem, name, key) => {
    expect(normalizeName(ecosystem, name)).toBe(key);
  });
});
