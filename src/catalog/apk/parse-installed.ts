// Parser for apk's installed database (/lib/apk/db/installed): blank-line separated records of `X:value` lines.

export interface ApkEntry {
  name: string;
  version: string;
  arch?: string;
  origin?: string;
  license?: string;
  /** Absolute paths of the files the package installed (F: directory + R: file). */
  files: string[];
  line: number;
}

export interface ApkParseResult {
  entries: ApkEntry[];
  errors: { line: number; message: string }[];
}

export function parseApkInstalled(text: string): ApkParseResult {
  const entries: ApkEntry[] = [];
  const errors: ApkParseResult['errors'] = [];
  let rec: (Partial<ApkEntry> & { files: string[]; line: number }) | undefined;
  let dir = '';
  const flush = () => {
    if (!rec) return;
    if (!rec.name || !rec.version) {
      errors.push({ line: rec.line, message: `record without ${rec.name ? 'V:' : 'P:'} field` });
    } else {
      entries.push(rec as ApkEntry);
    }
    rec = undefined;
    dir = '';
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      errors.push({ line: i + 1, message: `not an "X:value" line: ${JSON.stringify(line.slice(0, 60))}` });
      continue;
    }
    rec ??= { files: [], line: i + 1 };
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        rec.name = value;
        break;
      case 'V':
        rec.version = value;
        break;
      case 'A':
        rec.arch = value;
        break;
      case 'o':
        rec.origin = value;
        break;
      case 'L':
        rec.license = value;
        break;
      case 'F':
        dir = value.replace(/^\/+|\/+$/g, '');
        break;
      case 'R':
        rec.files.push(dir ? `/${dir}/${value}` : `/${value}`);
        break;
    }
  }
  flush();
  return { entries, errors };
}
