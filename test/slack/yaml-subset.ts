/**
 * Just enough YAML for the Slack manifest (no new packages): block maps and lists by indentation, lists of
 * scalars or of maps, `#` comments, plain / single / double quoted scalars, true/false/numbers.
 * Anything outside that subset (anchors, flow collections, multi-line scalars) throws, so the test notices.
 */
type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

interface Line {
  indent: number;
  text: string;
  no: number;
}

export function parseYamlSubset(src: string): Value {
  const lines: Line[] = [];
  src.split(/\r?\n/).forEach((raw, i) => {
    const text = stripComment(raw).replace(/\s+$/, '');
    if (!text.trim()) return;
    if (/\t/.test(raw.slice(0, raw.length - raw.trimStart().length))) throw new Error(`line ${i + 1}: tab indentation`);
    lines.push({ indent: raw.length - raw.trimStart().length, text: text.trim(), no: i + 1 });
  });
  const [value, next] = parseBlock(lines, 0, lines[0]?.indent ?? 0);
  if (next !== lines.length) throw new Error(`line ${lines[next].no}: unexpected indentation`);
  return value;
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function parseBlock(lines: Line[], at: number, indent: number): [Value, number] {
  if (lines[at]?.text.startsWith('- ') || lines[at]?.text === '-') return parseList(lines, at, indent);
  return parseMap(lines, at, indent);
}

function parseList(lines: Line[], at: number, indent: number): [Value[], number] {
  const out: Value[] = [];
  let i = at;
  while (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('-')) {
    const rest = lines[i].text.slice(1).trim();
    if (!rest) {
      const [v, n] = parseBlock(lines, i + 1, lines[i + 1].indent);
      out.push(v);
      i = n;
    } else if (/^[^'"][^:]*:(\s|$)/.test(rest)) {
      // "- key: value" starts a map whose further keys are indented to the key's column
      const col = indent + (lines[i].text.length - rest.length);
      const synthetic: Line[] = [{ indent: col, text: rest, no: lines[i].no }];
      let j = i + 1;
      while (j < lines.length && lines[j].indent > indent) synthetic.push(lines[j++]);
      const [v, n] = parseMap(synthetic, 0, col);
      if (n !== synthetic.length) throw new Error(`line ${synthetic[n].no}: bad indentation in list item`);
      out.push(v);
      i = j;
    } else {
      out.push(scalar(rest, lines[i].no));
      i += 1;
    }
  }
  return [out, i];
}

function parseMap(lines: Line[], at: number, indent: number): [{ [k: string]: Value }, number] {
  const out: { [k: string]: Value } = {};
  let i = at;
  while (i < lines.length && lines[i].indent === indent) {
    const m = /^([A-Za-z0-9_.\-/]+):(?:\s+(.*))?$/.exec(lines[i].text);
    if (!m) throw new Error(`line ${lines[i].no}: expected "key: value", got "${lines[i].text}"`);
    const [, key, rest] = m;
    if (rest !== undefined && rest !== '') {
      out[key] = scalar(rest, lines[i].no);
      i += 1;
    } else if (i + 1 < lines.length && lines[i + 1].indent > indent) {
      const [v, n] = parseBlock(lines, i + 1, lines[i + 1].indent);
      out[key] = v;
      i = n;
    } else if (i + 1 < lines.length && lines[i + 1].indent === indent && lines[i + 1].text.startsWith('- ')) {
      const [v, n] = parseList(lines, i + 1, indent);
      out[key] = v;
      i = n;
    } else {
      out[key] = null;
      i += 1;
    }
  }
  return [out, i];
}

function scalar(s: string, no: number): Value {
  if (/^[[{&*!|>]/.test(s)) throw new Error(`line ${no}: "${s}" is outside the YAML subset`);
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) throw new Error(`line ${no}: unterminated string`);
    return JSON.parse(s) as string;
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new Error(`line ${no}: unterminated string`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null' || s === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}
