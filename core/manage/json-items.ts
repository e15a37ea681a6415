/**
 * An incremental reader of the JSON bodies Manage sends in bulk: a list (`[ {...}, {...} ]`) or an object of
 * lists (a GL export: `{ "transactions": [ ... ], "customers": [ ... ], "exportSettings": {...} }`). Text is fed
 * in chunks as it arrives; each element of the top-level array, or of an array under a top-level key, is parsed
 * on its own (JSON.parse of that element's text) and handed to the sink at once, so neither the whole text nor
 * a tree of all of it is ever held. Other top-level values are parsed whole and returned at the end. A body
 * that stops before its last bracket is an error (a cut connection is never a short list).
 */
import { StringDecoder } from 'node:string_decoder';

/** Where the parsed elements go; one sink per attempt, so a retried request never mixes two answers. */
export interface ItemSink<T> {
  /** An element of the top-level array (key undefined) or of the array under top-level `key`. */
  item(key: string | undefined, value: unknown): void;
  /** The body has ended: what the request answers with. */
  done(body: StreamedBody): T;
}

export interface StreamedBody {
  /** 'empty' for no text at all; 'other' for a value that is neither a list nor an object (in `value`). */
  root: 'array' | 'object' | 'other' | 'empty';
  /** Top-level fields of an object that are not arrays, parsed. */
  fields: Record<string, unknown>;
  /** Top-level keys whose value was an array (its elements went to the sink). */
  arrays: string[];
  /** Elements handed to the sink. */
  count: number;
  /** The value of an 'other' body. */
  value?: unknown;
  /** Characters read in all. */
  length: number;
}

/** Raised for text that is not the JSON it claims to be, or that ends too soon; `text` is its start. */
export class JsonItemsError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
    readonly text: string,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const OPEN_OBJ = 123;
const CLOSE_OBJ = 125;
const OPEN_ARR = 91;
const CLOSE_ARR = 93;
const COMMA = 44;
const COLON = 58;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

type Capture = 'item' | 'field' | 'key' | 'other';

export class JsonItems<T> {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  private pos = 0;
  private depth = 0;
  private inStr = false;
  private root: StreamedBody['root'] = 'empty';
  private expectKey = false;
  private key: string | undefined;
  /** True while the elements of an array (root, or under `key`) are being read. */
  private streaming = false;
  private cap = -1;
  private capDepth = 0;
  private capKind: Capture = 'item';
  private capScalar = false;
  private capString = false;
  private closed = false;
  private length = 0;
  private head = '';
  private readonly out: StreamedBody = { root: 'empty', fields: {}, arrays: [], count: 0, length: 0 };
  private readonly strings = new SharedStrings();

  constructor(private readonly sink: ItemSink<T>) {}

  write(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!text) return;
    this.length += text.length;
    if (this.head.length < 200) this.head += text.slice(0, 200 - this.head.length);
    this.buf = this.pos === 0 && this.cap < 0 ? text : this.buf + text;
    this.scan();
    // Keep only the element being read (if any), never what is already handed over.
    if (this.cap >= 0) {
      if (this.capKind !== 'other' && this.cap > 0) {
        this.buf = this.buf.slice(this.cap);
        this.pos -= this.cap;
        this.cap = 0;
      }
    } else {
      this.buf = '';
      this.pos = 0;
    }
  }

  end(): T {
    const rest = this.decoder.end();
    if (rest) this.write(rest);
    if (this.cap >= 0 && this.capScalar && this.depth === this.capDepth) this.finish(this.buf.length);
    if (this.root === 'other' && this.cap >= 0) this.finish(this.buf.length);
    if (this.root !== 'empty' && this.root !== 'other' && !this.closed)
      throw new JsonItemsError(`the answer stopped after ${this.length} characters, before its end`, true, this.head);
    if (this.inStr) throw new JsonItemsError('the answer stopped inside a string', true, this.head);
    this.out.root = this.root;
    this.out.length = this.length;
    return this.sink.done(this.out);
  }

  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    // The next backslash at or after i (-1: none left in buf), looked up again only once i has passed it, so
    // finding where each string ends allocates nothing and reads the text about once.
    let backslash = -2;
    while (i < n) {
      if (this.inStr) {
        const quote = buf.indexOf('"', i);
        if (backslash !== -1 && backslash < i) backslash = buf.indexOf('\\', i);
        const escaped = backslash !== -1 && (quote === -1 || backslash < quote);
        const stop = escaped ? backslash : quote;
        if (stop === -1) {
          i = n;
          break;
        }
        if (escaped) {
          if (stop + 1 >= n) {
            i = stop; // the escaped character is in the next chunk
            break;
          }
          i = stop + 2;
          continue;
        }
        this.inStr = false;
        i = stop + 1;
        if (this.cap >= 0 && this.capString && this.depth === this.capDepth) this.finish(i);
        continue;
      }
      const c = buf.charCodeAt(i);
      if (this.cap >= 0 && this.capScalar) {
        if (!(isSpace(c) || c === COMMA || c === CLOSE_ARR || c === CLOSE_OBJ)) {
          i++;
          continue;
        }
        this.finish(i);
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (this.closed) throw new JsonItemsError('text after the end of the answer', false, this.head);
      if (this.depth === 0 && this.root === 'empty') {
        if (c === OPEN_ARR) {
          this.root = 'array';
          this.streaming = true;
        } else if (c === OPEN_OBJ) {
          this.root = 'object';
          this.expectKey = true;
        } else {
          this.root = 'other';
          this.begin(i, 'other', c);
          if (c === OPEN_ARR || c === OPEN_OBJ) this.depth++;
          else if (c === QUOTE) this.inStr = true;
          i++;
          continue;
        }
        this.depth = 1;
        i++;
        continue;
      }
      if (c === QUOTE) {
        this.valueStart(i, c);
        this.inStr = true;
        i++;
        continue;
      }
      if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.cap < 0 && this.root === 'object' && this.depth === 1 && !this.expectKey && c === OPEN_ARR) {
          this.streaming = true; // the elements of this array are items under `key`
          if (this.key !== undefined) this.out.arrays.push(this.key);
        } else this.valueStart(i, c);
        this.depth++;
        i++;
        continue;
      }
      if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        this.depth--;
        if (this.depth < 0) throw new JsonItemsError('a closing bracket without its opening one', false, this.head);
        i++;
        if (this.cap >= 0 && !this.capScalar && !this.capString && this.depth === this.capDepth) this.finish(i);
        if (this.streaming && this.cap < 0 && this.depth === (this.root === 'array' ? 0 : 1)) this.streaming = false;
        if (this.depth === 0 && this.cap < 0) this.closed = true;
        continue;
      }
      if (c === COMMA) {
        if (this.root === 'object' && this.depth === 1) this.expectKey = true;
        i++;
        continue;
      }
      if (c === COLON) {
        i++;
        continue;
      }
      this.valueStart(i, c);
      i++;
    }
    this.pos = i;
  }

  /** A value (or key) starts at `i`; capture it when it is one the reader hands over or keeps. */
  private valueStart(i: number, c: number): void {
    if (this.cap >= 0) return;
    const itemDepth = this.root === 'array' ? 1 : 2;
    if (this.streaming && this.depth === itemDepth) this.begin(i, 'item', c);
    else if (this.root === 'object' && this.depth === 1) this.begin(i, this.expectKey ? 'key' : 'field', c);
  }

  private begin(i: number, kind: Capture, c: number): void {
    this.cap = i;
    this.capKind = kind;
    this.capDepth = this.depth;
    this.capString = c === QUOTE;
    this.capScalar = !this.capString && c !== OPEN_OBJ && c !== OPEN_ARR;
  }

  private finish(end: number): void {
    const text = this.buf.slice(this.cap, end);
    const kind = this.capKind;
    this.cap = -1;
    this.capScalar = false;
    this.capString = false;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new JsonItemsError('text that is not JSON', false, this.head);
    }
    if (kind === 'item') {
      value = this.strings.share(value);
      this.out.count++;
      this.sink.item(this.root === 'array' ? undefined : this.key, value);
    } else if (kind === 'key') {
      this.key = String(value);
      this.expectKey = false;
    } else if (kind === 'field') {
      if (this.key !== undefined) this.out.fields[this.key] = value;
    } else {
      this.out.value = value;
      this.closed = true;
    }
  }
}

/** Text values shorter than this are shared; longer ones are rarely repeated. */
const SHARED_MAX_LENGTH = 64;
/** Distinct values kept per answer (a page, an export), so the table stays small whatever comes. */
const SHARED_MAX_ENTRIES = 20_000;

/**
 * One copy of each short text value that repeats across the elements of an answer. JSON.parse makes a new
 * string for every value, and a page of records repeats the same few (a currency's name, a product, terms,
 * a customer's name on each of its invoices) thousands of times: held once, a 10,000-invoice export is
 * about a fifth smaller in memory. The values themselves are unchanged.
 */
class SharedStrings {
  private readonly seen = new Map<string, string>();

  share(value: unknown): unknown {
    if (typeof value === 'string') return this.one(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.share(value[i]);
    } else {
      const rec = value as Record<string, unknown>;
      for (const k in rec) {
        const v = rec[k];
        if (typeof v === 'string') rec[k] = this.one(v);
        else if (v !== null && typeof v === 'object') this.share(v);
      }
    }
    return value;
  }

  private one(s: string): string {
    if (s.length > SHARED_MAX_LENGTH) return s;
    const kept = this.seen.get(s);
    if (kept !== undefined) return kept;
    if (this.seen.size < SHARED_MAX_ENTRIES) this.seen.set(s, s);
    return s;
  }
}
